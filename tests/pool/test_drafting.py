"""Members draft and edit vacancies through the form; bad input is refused."""
from datetime import timedelta

import pytest

from app.extensions import db
from app.pool import services
from app.pool.models import Vacancy
from app.timeutil import local_today
from tests import factories


def draft_fields(**overrides):
    """Valid vacancy columns, as VacancyForm.vacancy_data() returns them."""
    values = dict(title="Infirmier(ère) de nuit", occupation="J1506", contract_type="cdi",
                  description="Soins aux résidents la nuit.", fte=100,
                  start_date=local_today() + timedelta(days=10), end_date=None,
                  commune="Vire Normandie", postcode="14500", salary_min=2300,
                  salary_max=2600, expires_on=None, diploma="DEI", works_day=False,
                  works_night=True, works_weekend=False)
    values.update(overrides)
    return values


def form_data(**overrides):
    """A valid POST of the vacancy form."""
    start = local_today() + timedelta(days=10)
    data = {"title": "Infirmier(ère) de nuit", "occupation": "J1506", "contract_type": "cdi",
            "description": "Soins aux résidents la nuit.", "fte": "100",
            "schedules": ["night"], "start_date": start.isoformat(), "end_date": "",
            "commune": "Vire Normandie", "postcode": "14500", "salary_min": "2300",
            "salary_max": "2600", "diploma": "DEI", "expires_on": ""}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def count():
    return db.session.scalar(db.select(db.func.count(Vacancy.id)))


def test_member_drafts_a_vacancy(client, auth, member_a, establishment_a):
    auth.login(member_a)
    response = client.post("/pool/new", data=form_data())
    assert response.status_code == 302
    vacancy = db.session.scalar(db.select(Vacancy))
    assert response.headers["Location"] == f"/pool/{vacancy.id}"
    assert (vacancy.status, vacancy.establishment_id, vacancy.author_id) == (
        "draft", establishment_a.id, member_a.id)
    assert vacancy.schedules == ["night"] and not vacancy.is_shared
    assert vacancy.employers[0].fte_share == 100 and vacancy.employers[0].is_confirmed


def test_forged_status_and_establishment_are_ignored(client, auth, member_a, establishment_a,
                                                     establishment_b):
    auth.login(member_a)
    client.post("/pool/new", data=form_data(status="published",
                                            establishment_id=str(establishment_b.id)))
    vacancy = db.session.scalar(db.select(Vacancy))
    assert vacancy.status == "draft" and vacancy.establishment_id == establishment_a.id
    assert vacancy.employer_ids == {establishment_a.id}


@pytest.mark.parametrize("overrides, field, message", [
    ({"end_date": "2000-01-01"}, "end_date", "précède la date de début"),
    ({"fte": "0"}, "fte", "entre 1 et 100"),
    ({"fte": "120"}, "fte", "entre 1 et 100"),
    ({"occupation": "Z9999"}, "occupation", "Choisissez une valeur de la liste"),
    ({"start_date": "2001-02-03"}, "start_date", "dans le passé"),
    ({"title": "<script>alert(1)</script>"}, "title", "ne sont pas acceptés"),
    ({"description": "<b>gras</b>"}, "description", "ne sont pas acceptés"),
    ({"schedules": None}, "schedules", "au moins un horaire"),
    ({"salary_min": "2600", "salary_max": "2000"}, "salary_max", "inférieur au minimum"),
    ({"postcode": "145"}, "postcode", "5 chiffres"),
    ({"contract_type": "freelance"}, "contract_type", "Choisissez une valeur"),
    ({"title": ""}, "title", "obligatoire"),
])
def test_bad_input_is_refused_next_to_its_field(client, auth, member_a, overrides, field,
                                                message):
    auth.login(member_a)
    response = client.post("/pool/new", data=form_data(**overrides))
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.text and message in response.text
    assert count() == 0


def test_shares_that_do_not_add_up_are_refused(client, auth, member_a, establishment_b):
    auth.login(member_a)
    response = client.post("/pool/new", data=form_data(**{
        "own_share": "50", "shares-0-establishment": str(establishment_b.id),
        "shares-0-fte_share": "30"}))
    assert response.status_code == 400
    assert 'id="own_share-error"' in response.text and "totalisent 80 %" in response.text
    assert count() == 0


def test_unknown_co_employer_is_refused(client, auth, member_a, establishment_a):
    auth.login(member_a)
    response = client.post("/pool/new", data=form_data(**{
        "own_share": "60", "shares-0-establishment": str(establishment_a.id),
        "shares-0-fte_share": "40"}))
    assert response.status_code == 400 and "membre actif" in response.text
    assert count() == 0


def test_shared_position_through_the_form(client, auth, member_a, establishment_b):
    auth.login(member_a)
    response = client.post("/pool/new", data=form_data(**{
        "own_share": "60", "own_days": "Lundi, mardi, mercredi",
        "shares-0-establishment": str(establishment_b.id), "shares-0-fte_share": "40",
        "shares-0-days": "Jeudi, vendredi"}))
    assert response.status_code == 302
    vacancy = db.session.scalar(db.select(Vacancy))
    assert [(r.establishment_id, r.fte_share, r.is_confirmed) for r in vacancy.employers][1] == (
        establishment_b.id, 40, False)


def test_duplicate_shows_a_warning_then_saves_when_confirmed(client, auth, member_a,
                                                            establishment_a):
    existing = factories.vacancy(establishment_a, "published", occupation="J1506",
                                 commune="Vire Normandie", contract_type="cdi")
    auth.login(member_a)
    response = client.post("/pool/new", data=form_data(commune="vire normandie"))
    assert response.status_code == 200 and "Doublon possible" in response.text
    assert f"/pool/{existing.id}" in response.text and count() == 1
    response = client.post("/pool/new", data=form_data(confirm_duplicate="y"))
    assert response.status_code == 302 and count() == 2


def test_other_establishment_is_not_a_duplicate(member_a, establishment_b):
    factories.vacancy(establishment_b, "published", occupation="J1506", contract_type="cdi")
    shares = [{"establishment_id": None, "fte_share": 100, "days": None}]
    assert services.create_draft(member_a, draft_fields(), shares).status == "draft"


def test_editing_a_published_vacancy_sends_it_back_to_moderation(client, auth, member_a,
                                                                 establishment_a):
    vacancy = factories.vacancy(establishment_a, "published", start_date=local_today())
    auth.login(member_a)
    page = client.get(f"/pool/{vacancy.id}/edit")
    assert page.status_code == 200 and 'value="Aide-soignant(e) de jour"' in page.text
    response = client.post(f"/pool/{vacancy.id}/edit", data=form_data(
        title="Aide-soignant(e) de jour et week-end", start_date=local_today().isoformat()))
    assert response.status_code == 302
    db.session.expire_all()
    vacancy = db.session.get(Vacancy, vacancy.id)
    assert vacancy.status == "pending" and vacancy.title.endswith("week-end")


def test_closed_vacancy_cannot_be_edited(member_a, establishment_a):
    vacancy = factories.vacancy(establishment_a, "filled")
    shares = [{"establishment_id": None, "fte_share": 100, "days": None}]
    with pytest.raises(services.InvalidTransition, match="ne se modifie plus"):
        services.update(member_a, vacancy.id, draft_fields(), shares)


@pytest.mark.parametrize("status", ["filled", "withdrawn", "expired"])
@pytest.mark.parametrize("page", ["edit", "withdraw"])
def test_a_closed_vacancy_leads_back_to_its_page_with_a_reason(client, auth, member_a,
                                                              establishment_a, status, page):
    vacancy = factories.vacancy(establishment_a, status)
    auth.login(member_a)
    response = client.get(f"/pool/{vacancy.id}/{page}", follow_redirects=True)
    assert response.request.path == f"/pool/{vacancy.id}"
    assert "ne peut plus être modifiée ni retirée" in response.text
    assert f'href="/pool/{vacancy.id}/edit"' not in response.text
    assert f'href="/pool/{vacancy.id}/withdraw"' not in response.text


def test_candidate_and_pending_member_cannot_draft(client, auth, candidate):
    pending = factories.establishment(status="pending")
    newcomer = factories.user("member", establishment=pending)
    for user in (candidate, newcomer):
        auth.login(user)
        assert client.post("/pool/new", data=form_data()).status_code == 403
        auth.logout()
    assert count() == 0


def test_mine_lists_states_and_shares_to_confirm(client, auth, member_b, establishment_a,
                                                 establishment_b):
    factories.vacancy(establishment_b, "rejected", title="Auxiliaire de vie")
    shared = factories.vacancy(establishment_a, "draft", title="Poste partagé AS",
                               co_employers=[(establishment_b, 50, False)])
    factories.vacancy(establishment_a, "published", title="Offre d'un autre")
    auth.login(member_b)
    page = client.get("/pool/mine").text
    assert "Auxiliaire de vie" in page and "Refusée" in page
    assert "Postes partagés à confirmer" in page and f"/pool/{shared.id}" in page
    assert "Offre d'un autre" not in page
