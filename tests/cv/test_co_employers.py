"""A shared position's applicants: reached by its confirmed employers, for the
applications made since each joined (the pages are in the permission matrix)."""
from datetime import timedelta

import pytest

from app.cv import applications
from app.extensions import db
from app.permissions import can_reach_applicant
from app.pool import services
from app.timeutil import utcnow
from tests import factories
from tests.pool.test_drafting import draft_fields
from tests.pool.test_shared_positions import shares

DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def request_context(app):
    """Services mail links: they need a request context."""
    with app.test_request_context():
        yield


@pytest.fixture
def joined(establishment_a, establishment_b):
    """A published position of A; B confirmed its 40 % yesterday."""
    now = utcnow()
    return factories.vacancy(establishment_a, "published", created_at=now - 10 * DAY,
                             co_employers=[(establishment_b, 40, now - DAY)])


def applicant(vacancy, days_ago=0, first_name="Julie"):
    """An application made `days_ago` by a candidate outside the bank."""
    profile = factories.cv_profile(factories.user("candidate", first_name=first_name),
                                   in_bank=False)
    return factories.application(profile.user, vacancy, created_at=utcnow() - days_ago * DAY)


def test_a_co_employer_lists_only_the_applications_made_since_it_joined(
        client, auth, joined, member_a, member_b):
    applicant(joined, days_ago=2, first_name="Avant")
    applicant(joined, first_name="Après")
    auth.login(member_b)
    page = client.get(f"/cv/applications/vacancy/{joined.id}").text
    assert "Après" in page and "Avant" not in page
    auth.logout()
    auth.login(member_a)
    page = client.get(f"/cv/applications/vacancy/{joined.id}").text
    assert "Après" in page and "Avant" in page


def test_only_employers_that_reach_an_application_get_its_mails(
        member_a, member_b, joined, establishment_b, outbox):
    early, late = applicant(joined, days_ago=2), applicant(joined)
    applications.move(member_a, early.id, "contact")
    assert outbox.to(early.candidate.email) and not outbox.to(member_b.email)
    assert not outbox.to(member_a.email)  # nobody is mailed about their own action
    applications.move(member_a, late.id, "contact")
    assert "Candidature de" in outbox.last_to(member_b.email)["Subject"]


def test_an_unconfirmed_co_employer_gets_no_mail_and_cannot_move_an_application(
        member_a, member_b, establishment_a, establishment_b, outbox):
    vacancy = factories.vacancy(establishment_a, "draft", co_employers=[(establishment_b, 40, False)])
    application = applicant(vacancy)
    applications.move(member_a, application.id, "contact")
    assert not outbox.to(member_b.email)
    with pytest.raises(applications.NotAnEmployer):
        applications.move(member_b, application.id, "interview")
    db.session.refresh(application)
    assert application.status == "contacted"


def test_a_new_application_mails_the_confirmed_co_employer(client, auth, joined, member_b,
                                                          candidate, outbox):
    factories.cv_profile(candidate, in_bank=False)
    auth.login(candidate)
    assert client.post(f"/cv/apply/{joined.id}", data={"message": "Bonjour"}).status_code == 302
    assert "Nouvelle candidature" in outbox.last_to(member_b.email)["Subject"]


def test_a_changed_share_keeps_the_co_employer_joined(member_a, member_b, joined,
                                                      establishment_b):
    application = applicant(joined)
    since = joined.employer_since(establishment_b.id)
    services.update(member_a, joined.id, draft_fields(), shares(50, (establishment_b, 50)))
    assert [row.establishment_id for row in joined.unconfirmed_shares] == [establishment_b.id]
    assert can_reach_applicant(member_b, application)
    services.confirm_share(member_b, joined.id)
    assert joined.employer_since(establishment_b.id) == since


def test_an_employer_taken_off_the_position_joins_again_at_its_new_confirmation(
        member_a, member_b, joined, establishment_b):
    application = applicant(joined)
    services.update(member_a, joined.id, draft_fields(), shares(100))
    assert not can_reach_applicant(member_b, application)
    services.update(member_a, joined.id, draft_fields(), shares(60, (establishment_b, 40)))
    assert not can_reach_applicant(member_b, application)
    services.confirm_share(member_b, joined.id)
    assert joined.employer_since(establishment_b.id) > application.created_at
    assert not can_reach_applicant(member_b, application)
    assert can_reach_applicant(member_a, application)


def test_the_database_refuses_a_confirmation_without_joining(joined, establishment_b):
    from sqlalchemy.exc import IntegrityError
    row = next(r for r in joined.employers if r.establishment_id == establishment_b.id)
    row.joined_at = None
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_my_vacancies_count_the_applications_each_employer_reaches(
        client, auth, joined, member_a, member_b):
    applicant(joined, days_ago=2)
    applicant(joined)
    auth.login(member_b)
    assert '<td data-label="Candidatures">1</td>' in client.get("/pool/mine").text
    auth.logout()
    auth.login(member_a)
    assert '<td data-label="Candidatures">2</td>' in client.get("/pool/mine").text
