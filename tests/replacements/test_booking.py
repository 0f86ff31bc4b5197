"""Taking a mission in one process: accept, apply and pick, withdraw, cancel."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.errors import InvalidTransition, NotAllowed
from app.extensions import db
from app.replacements import alerts, booking
from app.replacements.models import Assignment, Mission, MissionAlert
from app.timeutil import utcnow
from app.work import unit_of_work
from tests import factories
from tests.replacements import factories as pool

START = utcnow().replace(microsecond=0) + timedelta(days=3)


@pytest.fixture
def home(app):
    return factories.establishment(name="EHPAD Les Tilleuls")


def _mission(home, mode="first", start=START, hours=8, **fields):
    member = factories.user("member", establishment=home)
    mission = pool.mission(home, [(start, start + timedelta(hours=hours))], mode=mode, **fields)
    mission.author = member
    db.session.commit()
    return mission


def _alerted(mission, **profile):
    """A professional alerted to `mission`, available for it."""
    person = pool.pool_profile(**profile)
    pool.available(person, mission)
    db.session.add(MissionAlert(mission_id=mission.id, profile_id=person.id, tier=1, wave=1))
    db.session.commit()
    return person


def _audited():
    return db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()


def test_the_first_to_accept_wins_the_others_see_it_filled(home, outbox):
    mission = _mission(home)
    first, second = _alerted(mission), _alerted(mission)
    assignment = booking.accept(first.user, mission.id)
    assert assignment.status == "booked"
    with pytest.raises(InvalidTransition, match="Mission déjà pourvue"):
        booking.accept(second.user, mission.id)
    db.session.expire_all()
    mission = db.session.get(Mission, mission.id)
    assert mission.status == "filled" and mission.filled_at is not None
    alert = db.session.scalar(select(MissionAlert).filter_by(profile_id=first.id))
    assert alert.answer == "accepted" and alert.answered_at is not None
    assert _audited() == ["mission_accept"]
    assert "Vous êtes retenu(e)" in outbox.body(outbox.last_to(first.user.email))
    assert "est pourvue" in outbox.body(outbox.last_to(mission.author.email))


def test_accepting_rechecks_the_rules_under_the_lock(home):
    mission = _mission(home)
    person = _alerted(mission)
    elsewhere = pool.mission(factories.establishment(), [(START + timedelta(hours=4),
                                                          START + timedelta(hours=10))])
    pool.booking(person, elsewhere)  # booked since the alert
    with pytest.raises(InvalidTransition, match="Déjà en mission sur ces horaires"):
        booking.accept(person.user, mission.id)
    assert db.session.scalars(select(Assignment).filter_by(mission_id=mission.id)).all() == []


def test_only_the_people_concerned_and_only_in_its_mode(home):
    mission = _mission(home)
    stranger = pool.pool_profile()
    pool.available(stranger, mission)
    with pytest.raises(InvalidTransition, match="n'existe plus"):
        booking.accept(stranger.user, mission.id)
    with pytest.raises(InvalidTransition, match="ne se prend pas ainsi"):
        booking.apply(_alerted(mission).user, mission.id)
    with pytest.raises(NotAllowed):
        booking.accept(factories.user("candidate"), mission.id)  # no profile
    paused = _alerted(mission, status="suspended")
    with pytest.raises(NotAllowed):
        booking.accept(paused.user, mission.id)


def test_apply_then_the_member_picks_one_and_the_others_are_declined(home, outbox):
    mission = _mission(home, mode="validate")
    first, second = _alerted(mission), _alerted(mission)
    chosen = booking.apply(first.user, mission.id)
    other = booking.apply(second.user, mission.id)
    with pytest.raises(InvalidTransition, match="déjà répondu"):
        booking.apply(first.user, mission.id)
    with pytest.raises(NotAllowed):
        booking.pick(factories.user("member", establishment=factories.establishment()),
                     chosen.id)
    booking.pick(mission.author, chosen.id)
    db.session.expire_all()
    assert db.session.get(Assignment, chosen.id).status == "booked"
    assert db.session.get(Assignment, other.id).status == "declined"
    assert db.session.get(Mission, mission.id).status == "filled"
    assert "déjà pourvue" in outbox.body(outbox.last_to(second.user.email))
    with pytest.raises(InvalidTransition, match="Mission déjà pourvue"):
        booking.pick(mission.author, other.id)


@pytest.fixture
def restarts(monkeypatch):
    """alerts.restart recording its calls (the waves themselves: test_alerts.py)."""
    calls = []
    monkeypatch.setattr(alerts, "restart", calls.append)
    return calls


def test_a_withdrawal_reopens_the_mission_and_alerts_again(home, outbox, restarts):
    mission = _mission(home)
    person = _alerted(mission)
    assignment = booking.accept(person.user, mission.id)
    booking.withdraw(person.user, assignment.id, "  Enfant malade  ")
    db.session.expire_all()
    assignment = db.session.get(Assignment, assignment.id)
    assert (assignment.status, assignment.reason) == ("withdrawn", "Enfant malade")
    assert db.session.get(Mission, mission.id).status == "open"
    assert restarts == [mission.id]
    assert "Enfant malade" in outbox.body(outbox.last_to(mission.author.email))
    assert _audited() == ["mission_accept", "assignment_withdraw"]


def test_no_withdrawal_online_after_the_deadline_nor_of_someone_else(home, restarts):
    mission = _mission(home, start=utcnow() + timedelta(hours=20))  # 24 h by default
    person = _alerted(mission)
    assignment = booking.accept(person.user, mission.id)
    with pytest.raises(NotAllowed):
        booking.withdraw(_alerted(mission).user, assignment.id, "")
    with pytest.raises(InvalidTransition, match="appelez l'établissement"):
        booking.withdraw(person.user, assignment.id, "")
    assert restarts == []
    assert db.session.get(Mission, mission.id).status == "filled"


def _cancel(mission_id):
    with unit_of_work() as work:
        locked = booking.lock_mission(work, mission_id)
        ended = booking.cancel_assignments(work, locked, "Résident transféré")
        locked.status, locked.cancel_reason = "cancelled", "Résident transféré"
    return ended


def test_cancel_assignments_ends_the_waiting_and_the_booked(home, outbox):
    waited = _mission(home, mode="validate")
    applicants = [booking.apply(_alerted(waited).user, waited.id) for _ in range(2)]
    assert [a.id for a in _cancel(waited.id)] == [a.id for a in applicants]
    taken = _mission(home, start=START + timedelta(days=1))
    person = _alerted(taken)
    booking.accept(person.user, taken.id)
    (ended,) = _cancel(taken.id)
    db.session.expire_all()
    assert {a.status for a in db.session.scalars(select(Assignment))} == {"cancelled"}
    assert db.session.get(Assignment, ended.id).reason == "Résident transféré"
    assert "Résident transféré" in outbox.body(outbox.last_to(person.user.email))
