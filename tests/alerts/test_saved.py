"""Saving a search from /search, listing one's saved searches, deleting one."""
import re

import pytest
from sqlalchemy import func, select

from app.alerts import services
from app.alerts.models import SavedSearch
from app.extensions import db
from tests import factories
from tests.alerts.helpers import saved_search


def count(user=None):
    query = select(func.count(SavedSearch.id))
    if user is not None:
        query = query.where(SavedSearch.user_id == user.id)
    return db.session.scalar(query)


def post(client, **fields):
    data = {"name": "Infirmiers de nuit", "kind": "vacancy", "q": "infirmière nuit", **fields}
    return client.post("/search/saved/new", data=data)


def test_the_search_page_offers_to_save_with_the_query_as_name(client, auth, member_a):
    auth.login(member_a)
    html = client.get("/search?q=infirmière&kind=cv&contract=cdi").get_data(as_text=True)
    assert 'action="/search/saved/new"' in html
    assert 'name="name" maxlength="100" required\n           value="infirmière"' in html
    assert '<input type="hidden" name="contract" value="cdi">' in html
    assert '<input type="hidden" name="kind" value="cv">' in html


def test_a_visitor_is_not_offered_to_save(client):
    assert "/search/saved/new" not in client.get("/search?q=infirmier").get_data(as_text=True)


def test_a_member_saves_a_search_with_its_filters(client, auth, member_a):
    auth.login(member_a)
    response = post(client, kind="cv", q="  Infirmière, de nuit ! ", contract=["cdi", "cdd"],
                    occupation="J1506")
    assert response.status_code == 302 and response.headers["Location"] == "/search/saved"
    saved = db.session.scalar(select(SavedSearch))
    assert (saved.user_id, saved.kind, saved.name) == (member_a.id, "cv", "Infirmiers de nuit")
    assert saved.query == "Infirmière de nuit"
    assert saved.filters == {"contract": ["cdd", "cdi"], "occupation": ["J1506"]}
    html = client.get("/search/saved").get_data(as_text=True)
    assert "Infirmiers de nuit" in html and "Contrat : CDD, CDI" in html
    (link,) = set(re.findall(r'href="(/search\?q=[^"]+)"', html))
    assert link.startswith("/search?q=Infirmi%C3%A8re+de+nuit&amp;kind=cv")
    assert "contract=cdd&amp;contract=cdi" in link and "occupation=J1506" in link


def test_a_candidate_saves_vacancies_never_cvs(client, auth, candidate):
    auth.login(candidate)
    response = post(client, kind="cv")
    assert response.status_code == 302 and response.headers["Location"].startswith("/search?")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Vous ne pouvez pas enregistrer une recherche de ce type." in page
    assert count() == 0
    post(client, kind="vacancy")
    assert count(candidate) == 1


@pytest.mark.parametrize("fields, message", [
    ({"name": "x" * 10_000}, "100 caractères au plus"),
    ({"name": "   "}, "Donnez un nom à cette recherche."),
    ({"name": ""}, "Ce champ est obligatoire"),
    ({"name": "a\x00b"}, "caractères invisibles"),
    ({"name": "<script>"}, "Les caractères &lt; et &gt; ne sont pas acceptés"),
    ({"kind": "admin"}, "Vous ne pouvez pas enregistrer une recherche de ce type."),
    ({"kind": ""}, "Vous ne pouvez pas enregistrer une recherche de ce type."),
    ({"q": "infirmier " * 1000}, "Recherche trop longue pour être enregistrée"),
    ({"est_kind": "ehpad", "kind": "cv"}, "Ces filtres ne peuvent pas être enregistrés."),
    ({"occupation": "X9999"}, "Ces filtres ne peuvent pas être enregistrés."),
    ({"month": "2026-13"}, "Ces filtres ne peuvent pas être enregistrés."),
    ({"commune": "v" * 101}, "Ces filtres ne peuvent pas être enregistrés."),
    ({"commune": [f"Vire {n}" for n in range(6)]},
     "Ces filtres ne peuvent pas être enregistrés."),
])
def test_bad_input_gets_a_french_message_and_saves_nothing(client, auth, member_a, fields,
                                                            message):
    auth.login(member_a)
    response = post(client, **fields)
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and message in page.get_data(as_text=True)
    assert count() == 0


def test_the_same_search_is_not_saved_twice(client, auth, member_a):
    auth.login(member_a)
    post(client, contract="cdi")
    response = post(client, name="Encore", contract="cdi")
    assert "déjà enregistrée sous le nom « Infirmiers de nuit »" in \
        client.get(response.headers["Location"]).get_data(as_text=True)
    assert count() == 1


def test_at_most_twenty_saved_searches_per_user(client, auth, member_a, member_b):
    for n in range(services.MAX_PER_USER):
        saved_search(member_a, query=f"mot{n}")
    saved_search(member_b)
    auth.login(member_a)
    response = post(client)
    assert "Vous avez déjà 20 recherches enregistrées" in \
        client.get(response.headers["Location"]).get_data(as_text=True)
    assert count(member_a) == services.MAX_PER_USER


def test_the_database_refuses_an_empty_name_or_an_unknown_kind(app, member_a):
    from sqlalchemy.exc import IntegrityError
    for fields in ({"name": "  "}, {"kind": "user"}):
        with pytest.raises(IntegrityError):
            saved_search(member_a, **fields)
        db.session.rollback()


def test_deleting_asks_for_confirmation_first(client, auth, member_a):
    saved = saved_search(member_a, name="Aides-soignants")
    auth.login(member_a)
    assert "/search/saved/%d/delete" % saved.id in client.get("/search/saved").text
    page = client.get(f"/search/saved/{saved.id}/delete").get_data(as_text=True)
    assert "Supprimer la recherche enregistrée « Aides-soignants » ?" in page
    assert "Oui, supprimer" in page and count() == 1
    response = client.post(f"/search/saved/{saved.id}/delete")
    assert response.status_code == 302 and count() == 0
    assert "Recherche enregistrée supprimée." in client.get("/search/saved").text


def test_another_users_saved_search_answers_404(client, auth, member_a, member_b):
    saved = saved_search(member_a)
    auth.login(member_b)
    assert client.get(f"/search/saved/{saved.id}/delete").status_code == 404
    assert client.post(f"/search/saved/{saved.id}/delete").status_code == 404
    assert "Ma recherche" not in client.get("/search/saved").text
    assert count() == 1


def test_a_visitor_is_sent_to_the_login_page(client):
    for response in (client.get("/search/saved"), client.post("/search/saved/new")):
        assert response.headers["Location"].startswith("/auth/login?next=")


def test_the_form_of_the_search_page_posts_with_its_csrf_token(app, client, auth, candidate):
    from tests.conftest import csrf_token
    app.config["WTF_CSRF_ENABLED"] = True
    login = client.get("/auth/login").get_data(as_text=True)
    client.post("/auth/login", data={"email": candidate.email, "password": factories.PASSWORD,
                                     "csrf_token": csrf_token(login)})
    html = client.get("/search?q=").get_data(as_text=True)
    assert 'value="Offres">' in html, "an empty query names the search after its tab"
    token = re.search(r'name="csrf_token" value="([^"]+)">\s*<input type="hidden" '
                      r'name="kind"', html).group(1)
    assert client.post("/search/saved/new", data={"name": "Offres", "kind": "vacancy", "q": ""}
                       ).status_code == 400, "refused without the token"
    response = client.post("/search/saved/new", data={"name": "Offres", "kind": "vacancy",
                                                      "q": "", "csrf_token": token})
    assert response.headers["Location"] == "/search/saved" and count(candidate) == 1
