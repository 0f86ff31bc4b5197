"""Every cv service checks the actor's right again inside its unit of work.

The right is taken away at the very moment the service's unit of work starts,
after the page (and the view's own check) granted it: a service that checked
before its unit of work, or not at all, would let the action through.
"""
from contextlib import contextmanager

import pytest
from sqlalchemy import update

from app import work
from app.auth.models import User
from app.cv import applications, services
from app.cv.models import Application, CandidateProfile, CvAccess
from app.errors import DomainError
from app.extensions import db
from app.members.models import Establishment
from app.pool.models import Vacancy
from tests import factories


@pytest.fixture
def lose_right_as_work_starts(monkeypatch):
    """lose(module, change): `change` is committed just before `module`'s next unit of work."""

    def lose(module, change):
        real = work.unit_of_work

        @contextmanager
        def unit_of_work():
            if not done:
                done.append(True)
                db.session.execute(change)
                db.session.commit()
            with real() as unit:
                yield unit

        done = []
        monkeypatch.setattr(module, "unit_of_work", unit_of_work)

    return lose


def _suspend(establishment):
    return update(Establishment).where(Establishment.id == establishment.id).values(
        status="suspended")


@pytest.fixture
def vacancy(establishment_a):
    return factories.vacancy(establishment_a, status="published")


def test_a_member_whose_establishment_was_suspended_moves_no_application(
        client, auth, candidate, member_a, establishment_a, vacancy, lose_right_as_work_starts):
    application = factories.application(candidate, vacancy)
    auth.login(member_a)
    page = client.get(f"/cv/applications/vacancy/{vacancy.id}").text
    assert f"/cv/applications/{application.id}/interview" in page  # offered on the page
    lose_right_as_work_starts(applications, _suspend(establishment_a))
    client.post(f"/cv/applications/{application.id}/interview")
    assert db.session.get(Application, application.id).status == "received"


def test_a_hire_by_a_member_who_lost_the_right_fills_nothing(
        candidate, member_a, establishment_a, vacancy, lose_right_as_work_starts):
    application = factories.application(candidate, vacancy, status="interview")
    lose_right_as_work_starts(applications, _suspend(establishment_a))
    with pytest.raises(applications.NotAnEmployer):
        applications.move(member_a, application.id, "hire", fill_vacancy=True)
    assert db.session.get(Application, application.id).status == "interview"
    assert db.session.get(Vacancy, vacancy.id).status == "published"


def test_staff_who_lost_the_role_decide_no_profile(staff, lose_right_as_work_starts):
    profile = factories.cv_profile(moderation="pending")
    lose_right_as_work_starts(services, update(User).where(User.id == staff.id).values(
        role="candidate"))
    with pytest.raises(services.NotStaff, match="Seule l'équipe"):
        services.moderate(staff, profile.id, "approve")
    assert db.session.get(CandidateProfile, profile.id).moderation == "pending"


def test_a_profile_withdrawn_as_a_member_opens_it_is_neither_logged_nor_shown(
        client, auth, member_b, lose_right_as_work_starts):
    profile = factories.cv_profile()
    auth.login(member_b)
    lose_right_as_work_starts(services, update(CandidateProfile).where(
        CandidateProfile.id == profile.id).values(visibility="hidden"))
    assert client.get(f"/cv/{profile.id}").status_code == 404
    assert db.session.query(CvAccess).count() == 0


def test_a_candidate_is_not_contacted_once_out_of_the_bank(member_b, outbox,
                                                           lose_right_as_work_starts):
    profile = factories.cv_profile()
    lose_right_as_work_starts(services, update(CandidateProfile).where(
        CandidateProfile.id == profile.id).values(visibility="hidden"))
    with pytest.raises(services.NotAllowed):
        services.contact(member_b, profile.id, "Bonjour, un poste de nuit ?")
    assert not outbox.to(profile.email)


def test_no_application_to_a_vacancy_withdrawn_as_the_candidate_applies(
        candidate, vacancy, lose_right_as_work_starts):
    factories.cv_profile(candidate)
    lose_right_as_work_starts(applications, update(Vacancy).where(
        Vacancy.id == vacancy.id).values(status="withdrawn"))
    with pytest.raises(DomainError, match="n'est plus ouverte"):
        applications.submit(candidate, vacancy.id, "")
    assert db.session.query(Application).count() == 0
