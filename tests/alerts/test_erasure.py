"""Saved searches go with their owner's account, whichever way it is deleted."""
from sqlalchemy import func, select

from app.alerts.models import SavedSearch
from app.extensions import db
from app.members import services as members
from tests import factories
from tests.alerts.helpers import saved_search


def owned_by(user_id):
    return db.session.scalar(select(func.count(SavedSearch.id))
                             .where(SavedSearch.user_id == user_id))


def test_a_candidate_erasing_the_account_erases_the_saved_searches(client, auth, candidate,
                                                                   member_a):
    saved_search(candidate, query="aide soignant")
    saved_search(member_a)
    user_id = candidate.id
    auth.login(candidate)
    client.post("/cv/me/delete", data={"password": factories.PASSWORD})
    assert owned_by(user_id) == 0 and owned_by(member_a.id) == 1


def test_the_retention_purge_erases_the_saved_searches(app, runner, candidate):
    import time_machine
    from datetime import datetime, timedelta, timezone
    start = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
    with time_machine.travel(start, tick=False):
        factories.cv_profile(candidate)
        saved_search(candidate)
    user_id = candidate.id
    with time_machine.travel(start + timedelta(days=731), tick=False):
        assert "erased : 1" in runner.invoke(args=["purge"]).output
    assert owned_by(user_id) == 0


def test_a_rejected_membership_request_takes_its_users_saved_searches(app, staff):
    pending = factories.establishment(status="pending")
    requester = factories.user("member", establishment=pending)
    saved_search(requester)
    user_id = requester.id
    with app.test_request_context():
        members.reject_request(staff, pending.id, "out_of_scope", "")
    assert owned_by(user_id) == 0
