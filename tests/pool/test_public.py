"""What visitors see: the list and its filters, a vacancy, JSON-LD, the feed, the print page."""
import json
import re
from datetime import timedelta

import feedparser
import pytest

from app.timeutil import utcnow
from tests import factories
from tests.pool.conftest import HIDDEN


def titles(html):
    return re.findall(r'<h2><a href="/pool/\d+">([^<]+)</a></h2>', html)


def test_list_shows_only_public_vacancies(client, pool):
    page = client.get("/pool/").text
    assert sorted(titles(page)) == ["Aide-soignant partagé", "Auxiliaire de vie",
                                    "Infirmier de nuit"]
    assert not any(hidden in page for hidden in HIDDEN)


@pytest.mark.parametrize("query, expected", [
    ("occupation=J1506", ["Infirmier de nuit"]),
    ("contract_type=cdd", ["Auxiliaire de vie"]),
    ("schedule=night", ["Infirmier de nuit"]),
    ("schedule=weekend", ["Auxiliaire de vie"]),
    ("commune=cond%C3%A9-en-normandie", ["Auxiliaire de vie"]),
    ("since=7", ["Aide-soignant partagé", "Infirmier de nuit"]),
    ("occupation=J1501&contract_type=shared_employment", ["Aide-soignant partagé"]),
])
def test_list_filters(client, pool, query, expected):
    assert sorted(titles(client.get(f"/pool/?{query}").text)) == expected


def test_list_sorts_and_ignores_a_bad_filter(client, pool):
    page = client.get("/pool/?sort=commune&occupation=XXX").text
    assert titles(page)[0] == "Auxiliaire de vie"
    assert "Choisissez une valeur de la liste" in page


def test_list_paginates(client, establishment_a):
    for n in range(23):
        factories.vacancy(establishment_a, "published", title=f"Offre {n:02d}",
                          published_at=utcnow() - timedelta(minutes=n))
    first = client.get("/pool/?contract_type=cdi").text
    assert len(titles(first)) == 20 and "Offre 00" in first
    assert 'href="/pool/?page=2&amp;contract_type=cdi"' in first
    second = client.get("/pool/?contract_type=cdi&page=2").text
    assert titles(second) == ["Offre 20", "Offre 21", "Offre 22"]
    assert titles(client.get("/pool/?page=9").text) == []


def test_detail_has_job_posting_json_ld(client, pool):
    vacancy = pool["night_nurse"]
    html = client.get(f"/pool/{vacancy.id}").text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "JobPosting" and data["title"] == "Infirmier de nuit"
    assert data["hiringOrganization"]["name"] == "EHPAD Les Tilleuls"
    assert data["jobLocation"]["address"]["postalCode"] == "14500"
    assert data["datePosted"] == vacancy.published_at.date().isoformat()
    assert data["validThrough"] == vacancy.expires_on.isoformat()
    assert data["employmentType"] == ["FULL_TIME"]
    assert data["occupationalCategory"].startswith("J1506")
    assert data["url"].endswith(f"/pool/{vacancy.id}")


def test_json_ld_escapes_markup(client, establishment_a):
    vacancy = factories.vacancy(establishment_a, "published",
                                description="Fin du bloc </script><script>alert(1)")
    html = client.get(f"/pool/{vacancy.id}").text
    assert "</script><script>alert" not in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block)["description"].endswith("</script><script>alert(1)")


@pytest.mark.parametrize("key", ["draft", "pending", "filled", "past"])
def test_non_public_vacancy_is_404_to_visitors_and_others(client, auth, pool, member_b, key):
    assert client.get(f"/pool/{pool[key].id}").status_code == 404
    auth.login(member_b)
    assert client.get(f"/pool/{pool[key].id}").status_code == 404


def test_co_employer_sees_the_shared_draft(client, auth, establishment_a, establishment_b,
                                           member_b):
    vacancy = factories.vacancy(establishment_a, co_employers=[(establishment_b, 50, False)])
    auth.login(member_b)
    page = client.get(f"/pool/{vacancy.id}").text
    assert "Confirmer notre part" in page and "application/ld+json" not in page


def test_atom_feed(client, pool):
    response = client.get("/pool/feed.atom")
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert sorted(entry.title for entry in feed.entries) == [
        "Aide-soignant partagé — Vire Normandie", "Auxiliaire de vie — Condé-en-Normandie",
        "Infirmier de nuit — Vire Normandie"]
    entry = next(e for e in feed.entries if e.title.startswith("Infirmier"))
    assert entry.link.endswith(f"/pool/{pool['night_nurse'].id}")
    assert {tag.term for tag in entry.tags} == {"J1506", "cdi"}


def test_empty_feed_is_valid(client):
    feed = feedparser.parse(client.get("/pool/feed.atom").data)
    assert not feed.bozo and feed.entries == []


def test_print_page_lists_open_vacancies(client, pool):
    page = client.get("/pool/print?occupation=K1302").text
    assert "Auxiliaire de vie — Condé-en-Normandie" in page
    assert "Infirmier de nuit" not in page and "Brouillon caché" not in page
