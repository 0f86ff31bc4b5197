"""Matching a vacancy with the bank's CVs: ranking, reasons, who sees the page."""
import re
from datetime import timedelta

import pytest

from app.cv import matching
from app.timeutil import local_today
from tests import factories
from tests.staff.test_dashboard import count_queries

START = local_today() + timedelta(days=14)


@pytest.fixture
def vacancy(establishment_a):
    return factories.vacancy(establishment_a, status="published", occupation="J1506",
                             title="Infirmier(ère) coordinateur plaies et cicatrisation",
                             description="Suivi des plaies chroniques en EHPAD.",
                             diploma="DEI", commune="Flers", postcode="61100", start_date=START)


def profile(headline="Infirmière", occupations=("J1506",), diplomas=("DEI",), communes="Flers",
            available_from=None, **fields):
    return factories.cv_profile(headline=headline, occupations=list(occupations),
                                diplomas=list(diplomas), communes=communes,
                                available_from=available_from, with_file=False,
                                cv_text=fields.pop("cv_text", ""), **fields)


def test_ranks_occupation_then_diploma_then_commune_then_availability(vacancy):
    late = START + timedelta(days=30)
    best = profile(communes="Vire Normandie, flers", available_from=START)
    unknown = profile(available_from=None)
    too_late = profile(available_from=late)
    far = profile(communes="Caen", available_from=START)
    no_diploma = profile(diplomas=(), available_from=START)
    other_job = profile(headline="Cuisinier", occupations=("G1602",), diplomas=(),
                        available_from=START)
    found = matching.profiles_for(vacancy)
    assert [m.item.id for m in found] == [best.id, unknown.id, too_late.id, far.id, no_diploma.id]
    assert other_job.id not in {m.item.id for m in found}
    reasons = {m.item.id: [str(r) for r in m.reasons] for m in found}
    assert reasons[best.id][:4] == ["Même métier", "Diplôme requis", "Même commune",
                                    "Disponible à temps"]
    assert "Disponible à temps" not in reasons[unknown.id] + reasons[too_late.id]
    assert "Même commune" not in reasons[far.id]
    assert "Diplôme requis" not in reasons[no_diploma.id]


def test_text_relevance_orders_equals_and_brings_other_occupations(vacancy):
    wound = profile(headline="Infirmière, plaies et cicatrisation", communes="Caen")
    plain = profile(headline="Infirmière", communes="Caen")  # newer: first without the text
    carer = profile(headline="Aide-soignante formée aux plaies chroniques et à la cicatrisation",
                    occupations=("J1501",), diplomas=("DEAS",), communes="Flers")
    found = matching.profiles_for(vacancy)
    assert [m.item.id for m in found] == [wound.id, plain.id, carer.id]
    assert "CV proche de l'annonce" in [str(r) for r in found[0].reasons]
    assert [str(r) for r in found[2].reasons][0] == "Même commune"


def test_only_the_bank_is_matched(vacancy):
    shown = profile()
    profile(in_bank=False)
    profile(moderation="pending")
    profile(moderation="rejected")
    profile(share_status="awaiting")
    assert [m.item.id for m in matching.profiles_for(vacancy)] == [shown.id]


def test_no_diploma_required_no_diploma_reason(establishment_a):
    vacancy = factories.vacancy(establishment_a, status="published", occupation="J1506",
                                commune="Flers", postcode="61100")
    profile()
    [match] = matching.profiles_for(vacancy)
    assert "Diplôme requis" not in [str(r) for r in match.reasons]


def test_commune_is_matched_literally_not_as_a_pattern(establishment_a):
    vacancy = factories.vacancy(establishment_a, status="published", occupation="J1506",
                                commune="%l_rs", postcode="61100")
    profile(communes="Flers")
    [match] = matching.profiles_for(vacancy)
    assert "Même commune" not in [str(r) for r in match.reasons]


def test_at_most_twenty_best(vacancy):
    for _ in range(22):
        profile()
    assert len(matching.profiles_for(vacancy)) == 20


# --- the page -------------------------------------------------------------------

def url(vacancy):
    return f"/cv/matches/vacancy/{vacancy.id}"


def test_employer_sees_the_matches_with_reasons(client, auth, member_a, vacancy):
    shown = profile(headline="Infirmière DE, 10 ans en EHPAD")
    auth.login(member_a)
    detail = client.get(f"/pool/{vacancy.id}").get_data(as_text=True)
    assert f'href="{url(vacancy)}"' in detail
    html = client.get(url(vacancy)).get_data(as_text=True)
    assert f'href="/cv/{shown.id}"' in html
    assert "Même métier" in html and "Diplôme requis" in html and "Même commune" in html


def test_co_employer_sees_them_too(client, auth, establishment_a, establishment_b, member_b):
    shared = factories.vacancy(establishment_a, status="published",
                               co_employers=[(establishment_b, 40, True)])
    auth.login(member_b)
    assert client.get(url(shared)).status_code == 200


@pytest.mark.parametrize("role, status", [("candidate", 403), ("member_b", 403),
                                          ("staff", 403)])
def test_others_get_no_link_and_a_denial(client, auth, request, vacancy, role, status):
    auth.login(request.getfixturevalue(role))
    assert url(vacancy) not in client.get(f"/pool/{vacancy.id}").get_data(as_text=True)
    assert client.get(url(vacancy)).status_code == status


def test_visitor_logs_in_first(client, vacancy):
    response = client.get(url(vacancy))
    assert response.status_code == 302 and response.location.startswith("/auth/login?next=")


def test_another_establishments_draft_is_not_found(client, auth, establishment_a, member_b):
    draft = factories.vacancy(establishment_a, status="draft")
    auth.login(member_b)
    assert client.get(url(draft)).status_code == 404
    assert client.get("/cv/matches/vacancy/999999").status_code == 404


def test_suspended_employer_is_refused(client, auth, establishment_a, member_a, vacancy):
    auth.login(member_a)
    establishment_a.status = "suspended"
    assert client.get(url(vacancy)).status_code == 403


def test_draft_is_matched_for_its_employer(client, auth, establishment_a, member_a):
    draft = factories.vacancy(establishment_a, status="draft", occupation="J1506")
    shown = profile()
    auth.login(member_a)
    assert f'href="/cv/{shown.id}"' in client.get(url(draft)).get_data(as_text=True)


@pytest.mark.parametrize("status", ["filled", "withdrawn", "expired"])
def test_closed_vacancy_proposes_nothing(client, auth, establishment_a, member_a, status):
    closed = factories.vacancy(establishment_a, status=status, occupation="J1506")
    profile()
    auth.login(member_a)
    response = client.get(url(closed))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Cette offre est close" in html
    assert not re.search(r'href="/cv/\d+"', html)


def test_published_past_its_expiry_is_closed(client, auth, establishment_a, member_a):
    old = factories.vacancy(establishment_a, status="published", occupation="J1506",
                            expires_on=local_today() - timedelta(days=1))
    assert matching.is_closed(old)
    profile()
    auth.login(member_a)
    assert "Cette offre est close" in client.get(url(old)).get_data(as_text=True)


def test_query_count_does_not_grow_with_the_matches(client, auth, member_a, vacancy):
    auth.login(member_a)
    profile()
    with count_queries() as few:
        assert client.get(url(vacancy)).status_code == 200
    for _ in range(15):
        profile()
    with count_queries() as many:
        assert client.get(url(vacancy)).status_code == 200
    assert len(many) == len(few)
