"""'Offres pour vous': the public vacancies fitting a candidate's own profile."""
import re
from datetime import timedelta

import pytest

from app.cv import matching
from app.timeutil import local_today
from tests import factories
from tests.staff.test_dashboard import count_queries

AVAILABLE = local_today() + timedelta(days=10)


@pytest.fixture
def mine(candidate):
    return factories.cv_profile(candidate, in_bank=False, with_file=False,
                                headline="Aide-soignante de nuit", occupations=["J1501"],
                                diplomas=["DEAS"], contracts=["cdi"], cv_text="",
                                communes="Vire Normandie, Flers", available_from=AVAILABLE)


def offer(establishment, title="Aide-soignant(e)", occupation="J1501", contract_type="cdi",
          commune="Vire Normandie", start=AVAILABLE + timedelta(days=5), status="published",
          **fields):
    return factories.vacancy(establishment, status=status, title=title,
                             occupation=occupation, contract_type=contract_type,
                             commune=commune, start_date=start, **fields)


def ids(matches):
    return [m.item.id for m in matches]


def test_ranks_occupation_then_contract_then_commune_then_availability(mine, establishment_a):
    best = offer(establishment_a)
    too_soon = offer(establishment_a, start=AVAILABLE - timedelta(days=3))
    far = offer(establishment_a, commune="Caen")
    cdd = offer(establishment_a, contract_type="cdd")
    nurse = offer(establishment_a, title="Infirmier(ère)", occupation="J1506",
                  description="Soins techniques.")
    found = matching.offers_for(mine)
    assert ids(found) == [best.id, too_soon.id, far.id, cdd.id]
    assert nurse.id not in ids(found)
    reasons = {m.item.id: [str(r) for r in m.reasons] for m in found}
    assert reasons[best.id][:4] == ["Votre métier", "Contrat souhaité", "Dans vos communes",
                                    "Disponible à temps"]
    assert "Disponible à temps" not in reasons[too_soon.id]
    assert "Dans vos communes" not in reasons[far.id]
    assert "Contrat souhaité" not in reasons[cdd.id]


def test_only_public_vacancies(mine, establishment_a):
    shown = offer(establishment_a)
    for status in ("draft", "pending", "filled", "withdrawn"):
        offer(establishment_a, status=status)
    offer(establishment_a, expires_on=local_today() - timedelta(days=1))
    assert ids(matching.offers_for(mine)) == [shown.id]


def test_words_of_the_profile_bring_other_occupations(mine, establishment_a):
    mine.headline = "Aide-soignante, accompagnement de nuit en gérontologie"
    night = offer(establishment_a, title="Veilleur de nuit en gérontologie",
                  occupation="K1301", description="Accompagnement de nuit.")
    offer(establishment_a, title="Cuisinier", occupation="G1602",
          description="Cuisine traditionnelle.")
    assert ids(matching.offers_for(mine)) == [night.id]


def test_page_lists_offers_with_reasons(client, auth, candidate, mine, establishment_a):
    best = offer(establishment_a)
    auth.login(candidate)
    assert 'href="/cv/me/offers"' in client.get("/cv/me").get_data(as_text=True)
    html = client.get("/cv/me/offers").get_data(as_text=True)
    assert f'href="/pool/{best.id}"' in html and "Votre métier" in html
    assert establishment_a.name in html


def test_without_profile_a_helpful_message(client, auth, candidate, establishment_a):
    offer(establishment_a)
    auth.login(candidate)
    response = client.get("/cv/me/offers")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Enregistrez votre profil" in html and not re.search(r'href="/pool/\d+"', html)


def test_without_occupation_a_helpful_message(client, auth, candidate, establishment_a):
    factories.cv_profile(candidate, in_bank=False, with_file=False, occupations=[])
    offer(establishment_a)
    auth.login(candidate)
    html = client.get("/cv/me/offers").get_data(as_text=True)
    assert "Choisissez au moins un métier" in html and not re.search(r'href="/pool/\d+"', html)


def test_nothing_fits_says_so(client, auth, candidate, mine):
    auth.login(candidate)
    assert "Aucune offre publiée ne correspond" in \
        client.get("/cv/me/offers").get_data(as_text=True)


def test_query_count_does_not_grow_with_the_offers(client, auth, candidate, mine):
    auth.login(candidate)
    offer(factories.establishment())
    with count_queries() as few:
        assert client.get("/cv/me/offers").status_code == 200
    for _ in range(12):
        offer(factories.establishment())
    with count_queries() as many:
        assert client.get("/cv/me/offers").status_code == 200
    assert len(many) == len(few)
