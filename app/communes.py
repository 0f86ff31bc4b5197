"""The communes of France, offline: find by INSEE code, search by name or postcode, distances.

Data: app/data/communes.csv, built by scripts/build_communes.py (see its docstring for
the sources and which coordinates are approximate). Loaded once per process, on first use.
"""
import csv
import math
import re
import unicodedata
from bisect import bisect_left
from functools import cache
from pathlib import Path
from typing import NamedTuple

DATA = Path(__file__).resolve().parent / "data" / "communes.csv"
EARTH_RADIUS_KM = 6371.0


class Commune(NamedTuple):
    insee: str
    name: str
    postcodes: tuple
    department: str
    latitude: float
    longitude: float

    @property
    def label(self):
        """« Flers (61100) »: what a form shows and a person recognises."""
        return f"{self.name} ({self.postcodes[0]})" if self.postcodes else self.name


def fold(text):
    """Lower case, no accents, punctuation as spaces: « Condé-sur-Noireau » → « conde sur noireau »."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


class _Index(NamedTuple):
    by_insee: dict
    by_postcode: dict
    names: list  # sorted (folded name, -population, insee): prefix search by bisect


@cache
def _index():
    by_insee, by_postcode, names = {}, {}, []
    with DATA.open(encoding="utf-8", newline="") as data:
        for row in csv.DictReader(data):
            commune = Commune(row["insee"], row["name"], tuple(row["postcodes"].split()),
                              row["department"], float(row["latitude"]), float(row["longitude"]))
            by_insee[commune.insee] = commune
            for postcode in commune.postcodes:
                by_postcode.setdefault(postcode, []).append(commune)
            names.append((fold(commune.name), -int(row["population"] or 0), commune.insee))
    names.sort()
    return _Index(by_insee, by_postcode, names)


def find(insee):
    """The commune of this INSEE code (« 61169 »), or None."""
    return _index().by_insee.get((insee or "").strip().upper())


def search(text, limit=10):
    """Communes whose name starts with text (accents and case ignored), or of a postcode.

    Exact names first, then the most populated: « vire » gives Vire Normandie before
    Virey. Digits are a postcode or its start (« 145 » → the 145xx communes).
    """
    text = (text or "").strip()
    index = _index()
    if re.fullmatch(r"\d{2,5}", text):
        found = [c for code, communes in index.by_postcode.items() if code.startswith(text)
                 for c in communes]
        return sorted(set(found), key=lambda c: (c.postcodes[0], c.name))[:limit]
    wanted = fold(text)
    if not wanted:
        return []
    start = bisect_left(index.names, (wanted,))
    matches = []
    for name, population, insee in index.names[start:]:
        if not name.startswith(wanted):
            break
        matches.append((name != wanted, population, name, insee))
    return [index.by_insee[insee] for *_, insee in sorted(matches)[:limit]]


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine), in km: as the crow flies, roads are longer."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
