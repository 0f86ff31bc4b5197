"""app.communes: the shipped list of the communes of France, searched offline."""
import csv

import pytest

from app import communes


def test_find_by_insee_code():
    flers = communes.find("61169")
    assert flers.name == "Flers" and flers.postcodes == ("61100",) and flers.department == "61"
    assert 48.6 < flers.latitude < 48.9 and -0.7 < flers.longitude < -0.4
    assert communes.find(" 61169 ") == flers
    assert communes.find("00000") is None and communes.find("") is None and communes.find(None) is None


def test_corsica_codes_are_letters():
    assert communes.find("2a004").name == "Ajaccio"


def test_search_ignores_accents_and_case():
    names = [c.name for c in communes.search("SAINT-LO")]
    assert names[0] == "Saint-Lô"
    assert "Condé-en-Normandie" in [c.name for c in communes.search("conde")]
    assert [c.name for c in communes.search("condé-en-norm")] == ["Condé-en-Normandie"]


def test_search_puts_the_exact_name_then_the_largest_first():
    found = [c.name for c in communes.search("Paris")]
    assert found[0] == "Paris"
    vire = [c.name for c in communes.search("vire", limit=3)]
    assert vire[0] == "Viré" and vire[1] == "Vire Normandie"  # exact folded name, then 17,000 people


def test_search_by_postcode_or_its_start():
    assert {c.name for c in communes.search("14500")} == {"Vire Normandie", "Campagnolles"}
    starts = communes.search("611", limit=50)
    assert starts and all(c.postcodes[0].startswith("611") for c in starts)
    assert communes.search("99999") == []


@pytest.mark.parametrize("text", ["", "   ", "-", "zzzzqq", None, "'; drop table", "1"])
def test_search_with_nothing_to_match_is_empty(text):
    assert communes.search(text) == []


def test_search_limit():
    assert len(communes.search("saint", limit=7)) == 7


def test_distance_between_vire_and_flers():
    vire, flers = communes.find("14762"), communes.find("61169")
    km = communes.distance_km(vire.latitude, vire.longitude, flers.latitude, flers.longitude)
    assert 20 < km < 32  # about 25 km as the crow flies, 30 by road
    assert communes.distance_km(vire.latitude, vire.longitude, vire.latitude, vire.longitude) == 0


def test_distance_paris_marseille():
    paris, marseille = communes.find("75056"), communes.find("13055")
    km = communes.distance_km(paris.latitude, paris.longitude, marseille.latitude, marseille.longitude)
    assert 650 < km < 680


def test_label_shows_the_first_postcode():
    assert communes.find("61169").label == "Flers (61100)"


def test_the_shipped_file_covers_france():
    with communes.DATA.open(encoding="utf-8") as data:
        rows = list(csv.DictReader(data))
    assert len(rows) > 34000
    normandy = [r for r in rows if r["department"] in {"14", "27", "50", "61", "76"}]
    assert len(normandy) > 2500
    assert all(-5.5 < float(r["longitude"]) < 10 for r in rows if r["department"] < "96")
