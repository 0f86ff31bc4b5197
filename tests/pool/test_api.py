"""The partner API: published vacancies only, the list's filters, pagination."""
from datetime import timedelta

import pytest

from app.timeutil import utcnow
from tests import factories
from tests.pool.conftest import HIDDEN


def test_index_lists_the_endpoints(client):
    body = client.get("/api/v1/").get_json()
    assert body["endpoints"]["vacancies"].endswith("/api/v1/vacancies")
    assert body["endpoints"]["vacancy"].endswith("/api/v1/vacancies/{id}")


def test_list_shows_published_only(client, pool):  # noqa: F811
    body = client.get("/api/v1/vacancies").get_json()
    assert body["total"] == 3
    assert not {item["title"] for item in body["items"]} & set(HIDDEN)
    item = next(i for i in body["items"] if i["title"] == "Infirmier de nuit")
    assert item["occupation"] == {"rome": "J1506", "label": "Infirmier(ère)"}
    assert item["contract_type"] == {"code": "cdi", "label": "CDI"}
    assert item["schedules"] == ["night"] and item["url"].endswith(f"/pool/{item['id']}")


@pytest.mark.parametrize("query, expected", [
    ("occupation=K1302", {"Auxiliaire de vie"}),
    ("contract_type=shared_employment", {"Aide-soignant partagé"}),
    ("schedule=night", {"Infirmier de nuit"}),
    ("commune=Cond%C3%A9-en-Normandie", {"Auxiliaire de vie"}),
    ("since=7", {"Aide-soignant partagé", "Infirmier de nuit"}),
])
def test_list_filters(client, pool, query, expected):  # noqa: F811
    body = client.get(f"/api/v1/vacancies?{query}").get_json()
    assert {item["title"] for item in body["items"]} == expected


def test_bad_filter_is_a_json_400(client):
    response = client.get("/api/v1/vacancies?contract_type=freelance")
    assert response.status_code == 400 and "contract_type" in response.get_json()["fields"]


def test_pagination(client, establishment_a):
    for n in range(5):
        factories.vacancy(establishment_a, "published", title=f"Offre {n}",
                          published_at=utcnow() - timedelta(minutes=n))
    body = client.get("/api/v1/vacancies?per_page=2&page=3").get_json()
    assert (body["page"], body["pages"], body["total"]) == (3, 3, 5)
    assert [item["title"] for item in body["items"]] == ["Offre 4"]
    assert client.get("/api/v1/vacancies?per_page=5000").get_json()["per_page"] == 100


def test_detail(client, pool):  # noqa: F811
    vacancy = pool["shared"]
    body = client.get(f"/api/v1/vacancies/{vacancy.id}").get_json()
    assert body["shared"] is True
    assert [e["fte_percent"] for e in body["employers"]] == [60, 40]


@pytest.mark.parametrize("key", ["draft", "pending", "filled", "past"])
def test_detail_never_shows_a_non_published_vacancy(client, auth, staff, pool, key):  # noqa: F811
    auth.login(staff)  # not even to staff: the API is the public's
    response = client.get(f"/api/v1/vacancies/{pool[key].id}")
    assert response.status_code == 404 and response.is_json
