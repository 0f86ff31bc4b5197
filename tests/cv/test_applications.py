"""Applications: apply, move through the state machine, mails, fill, purge, access to the CV."""
from datetime import datetime, timedelta, timezone

import pytest
import time_machine
from sqlalchemy import select

from app.cv import applications
from app.cv.models import Application
from app.errors import InvalidTransition
from app.extensions import db
from app.pool.models import Vacancy
from tests import factories


@pytest.fixture
def vacancy(establishment_a):
    return factories.vacancy(establishment_a, status="published")


def test_candidate_applies_and_both_sides_get_a_mail(client, auth, candidate, member_a, vacancy,
                                                     outbox):
    factories.cv_profile(candidate, in_bank=False)
    auth.login(candidate)
    response = client.post(f"/cv/apply/{vacancy.id}", data={"message": "Bonjour, je postule."})
    assert response.status_code == 302
    application = db.session.scalar(select(Application))
    assert application.status == "received" and application.message == "Bonjour, je postule."
    assert outbox.to(candidate.email) and outbox.to(member_a.email)
    client.post(f"/cv/apply/{vacancy.id}", data={"message": "encore"})
    assert len(db.session.scalars(select(Application)).all()) == 1


def test_applying_needs_a_cv_and_a_public_vacancy(client, auth, candidate, establishment_a):
    draft = factories.vacancy(establishment_a, status="draft")
    auth.login(candidate)
    assert client.get(f"/cv/apply/{draft.id}").status_code == 404
    public = factories.vacancy(establishment_a, status="published")
    client.post(f"/cv/apply/{public.id}", data={"message": ""})
    assert db.session.scalar(select(Application)) is None


def test_employer_sees_the_cv_of_an_applicant_others_do_not(client, auth, candidate, member_a,
                                                            member_b, vacancy):
    profile = factories.cv_profile(candidate, in_bank=False)
    factories.application(candidate, vacancy)
    auth.login(member_a)
    assert candidate.full_name in client.get(f"/cv/applications/vacancy/{vacancy.id}").text
    assert client.get(f"/cv/{profile.id}/file").status_code == 200
    auth.logout()
    auth.login(member_b)
    assert client.get(f"/cv/{profile.id}/file").status_code == 404
    assert client.get(f"/cv/applications/vacancy/{vacancy.id}").status_code == 404


def test_staff_read_the_applications_without_buttons_they_may_not_use(client, auth, staff,
                                                                     member_a, candidate,
                                                                     vacancy):
    factories.cv_profile(candidate)
    factories.application(candidate, vacancy)
    auth.login(staff)
    page = client.get(f"/cv/applications/vacancy/{vacancy.id}").text
    assert candidate.full_name in page and "/contact" not in page
    auth.logout()
    auth.login(member_a)
    assert "/contact" in client.get(f"/cv/applications/vacancy/{vacancy.id}").text


def test_state_machine_moves_and_mails(client, auth, candidate, member_a, member_b, vacancy,
                                       outbox):
    factories.cv_profile(candidate, in_bank=False)
    application = factories.application(candidate, vacancy)
    auth.login(member_b)
    assert client.post(f"/cv/applications/{application.id}/interview").status_code == 404
    auth.logout()
    auth.login(member_a)
    client.post(f"/cv/applications/{application.id}/interview")
    db.session.refresh(application)
    assert application.status == "interview"
    assert "Entretien" in outbox.last_to(candidate.email)["Subject"]
    client.post(f"/cv/applications/{application.id}/hire", data={"fill_vacancy": "y"})
    db.session.refresh(application)
    db.session.refresh(vacancy)
    assert application.status == "hired" and vacancy.status == "filled"
    auth.logout()
    auth.login(candidate)
    assert "Recruté(e)" in client.get("/cv/me").text


def test_decline_needs_a_coded_reason(client, auth, candidate, member_a, vacancy):
    application = factories.application(candidate, vacancy)
    auth.login(member_a)
    client.post(f"/cv/applications/{application.id}/decline")
    db.session.refresh(application)
    assert application.status == "received"
    client.post(f"/cv/applications/{application.id}/decline",
                data={"reason": "diploma_missing"})
    db.session.refresh(application)
    assert application.status == "declined" and application.decline_reason == "diploma_missing"


def test_no_transition_out_of_a_final_state(candidate, member_a, vacancy):
    application = factories.application(candidate, vacancy, status="hired")
    with pytest.raises(InvalidTransition):
        applications.move(member_a, application.id, "decline", reason="other")


def test_a_hire_cannot_fill_a_vacancy_already_withdrawn(candidate, member_a, vacancy):
    application = factories.application(candidate, vacancy, status="interview")
    vacancy.status = "withdrawn"
    db.session.commit()
    with pytest.raises(InvalidTransition, match="l'offre est « Retirée »"):
        applications.move(member_a, application.id, "hire", fill_vacancy=True)
    assert db.session.get(Application, application.id).status == "interview"
    assert db.session.get(Vacancy, vacancy.id).status == "withdrawn"


def test_applications_go_three_months_after_the_vacancy_closed(app, runner, candidate,
                                                                establishment_a):
    t0 = datetime(2026, 2, 1, tzinfo=timezone.utc)
    with time_machine.travel(t0, tick=False):
        closed = factories.vacancy(establishment_a, status="filled")
        other = factories.user("candidate")
        factories.cv_profile(other)  # consented to the bank: kept
        factories.application(candidate, closed)
        factories.application(other, closed)
    with time_machine.travel(t0 + timedelta(days=89), tick=False):
        runner.invoke(args=["purge"])
        assert len(db.session.scalars(select(Application)).all()) == 2
    with time_machine.travel(t0 + timedelta(days=91), tick=False):
        result = runner.invoke(args=["purge"])
    assert "applications : 1" in result.output
    assert [a.candidate_id for a in db.session.scalars(select(Application))] == [other.id]


def test_the_vacancy_page_says_when_one_applied_instead_of_offering_to_apply(client, auth,
                                                                             candidate, vacancy):
    factories.cv_profile(candidate, in_bank=False)
    auth.login(candidate)
    assert f'href="/cv/apply/{vacancy.id}"' in client.get(f"/pool/{vacancy.id}").text
    factories.application(candidate, vacancy,
                          created_at=datetime(2026, 1, 15, 10, tzinfo=timezone.utc))
    html = client.get(f"/pool/{vacancy.id}").text
    assert "Candidature envoyée le 15 janvier 2026." in html
    assert f'href="/cv/apply/{vacancy.id}"' not in html and 'href="/cv/me"' in html


def test_decline_is_a_secondary_step_confirmed_by_a_danger_button(client, auth, candidate,
                                                                  member_a, vacancy):
    factories.application(candidate, vacancy)
    auth.login(member_a)
    page = client.get(f"/cv/applications/vacancy/{vacancy.id}").text
    assert '<summary class="button small secondary">Ne pas retenir</summary>' in page
    assert 'class="button small danger">Confirmer : ne pas retenir</button>' in page
