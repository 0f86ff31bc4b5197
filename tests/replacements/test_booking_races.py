"""Races of taking a mission, with processes, on SQLite and PostgreSQL.

Twenty professionals accept one "premier qui accepte" mission at the same
instant: exactly one is booked, the nineteen others are told it is filled.
Two members book the same person at the same instant for missions whose hours
overlap: at most one booking goes through; the other re-counts the person's
hours under the profile's lock, finds the first booking and is refused.

The held case stops the first booking once it has counted the person's hours,
until the second member has tried: without the lock on the profile, the second
booking counts the same empty hours on PostgreSQL and both go through.
"""
import multiprocessing
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.extensions import db
from app.replacements import booking
from app.replacements.models import Assignment, Mission, MissionAlert
from app.timeutil import utcnow
from tests import factories
from tests.holds.workers import run_together
from tests.replacements import factories as pool

JOBS = "tests.replacements.jobs"
START = utcnow().replace(microsecond=0) + timedelta(days=3)
PEOPLE = 20
STARTING = 900  # seconds: twenty applications starting at once on two shared cores


def _alert(mission, person):
    pool.available(person, mission)
    db.session.add(MissionAlert(mission_id=mission.id, profile_id=person.id, tier=1, wave=1))
    db.session.commit()


def _booked(mission_id=None):
    db.session.commit()  # read what the processes committed
    query = select(Assignment.profile_id).where(Assignment.status == "booked")
    if mission_id is not None:
        query = query.where(Assignment.mission_id == mission_id)
    return db.session.scalars(query).all()


def test_twenty_accept_at_once_and_exactly_one_wins(app, tmp_path):
    home = factories.establishment(name="EHPAD Les Tilleuls")
    mission = pool.mission(home, [(START, START + timedelta(hours=10))])
    people = [pool.pool_profile() for _ in range(PEOPLE)]
    for person in people:
        _alert(mission, person)
    outcomes = run_together(app.config["DATABASE_URL"], tmp_path, [
        [(f"{JOBS}.accept", (person.user_id, mission.id))] for person in people],
        timeout=STARTING)
    errors = [error for _job, error in outcomes if error != "ok"]
    assert len(errors) == PEOPLE - 1, outcomes
    assert all("Mission déjà pourvue" in error for error in errors), [
        error for error in errors if "Mission déjà pourvue" not in error]
    (winner,) = _booked(mission.id)
    assert db.session.get(Mission, mission.id).status == "filled"
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 1
    answered = db.session.scalars(select(MissionAlert.profile_id)
                                  .where(MissionAlert.answer.is_not(None))).all()
    assert answered == [winner]
    assert db.session.scalar(select(func.count()).where(
        AuditEvent.action == "mission_accept")) == 1


def _two_members_one_person():
    """One person applied to two missions of two establishments whose hours overlap."""
    person = pool.pool_profile()
    picks = []
    for offset in (0, 4):
        home = factories.establishment()
        member = factories.user("member", establishment=home)
        start = START + timedelta(hours=offset)
        mission = pool.mission(home, [(start, start + timedelta(hours=8))], mode="validate")
        _alert(mission, person)
        picks.append((member.id, booking.apply(person.user, mission.id).id))
    return person, picks


def _at_most_one(outcomes):
    errors = [error for _job, error in outcomes if error != "ok"]
    assert len(errors) == 1, outcomes
    assert "Déjà en mission sur ces horaires" in errors[0], errors
    assert len(_booked()) == 1


@pytest.mark.parametrize("round_", range(3))
def test_two_members_book_the_same_person_at_once(app, tmp_path, round_):
    _person, picks = _two_members_one_person()
    _at_most_one(run_together(app.config["DATABASE_URL"], tmp_path, [
        [(f"{JOBS}.pick", pick)] for pick in picks]))


def test_the_second_booking_waits_for_the_first_holding_the_person(app, tmp_path):
    _person, (first, second) = _two_members_one_person()
    context = multiprocessing.get_context("spawn")
    events = (context.Event(), context.Event(), context.Event())  # checked, tried, booked
    outcomes = run_together(app.config["DATABASE_URL"], tmp_path, [
        [(f"{JOBS}.pick_held", (*first, *events))],
        [(f"{JOBS}.pick_while_held", (*second, *events))],
    ])
    _at_most_one(outcomes)
    assert [error for job, error in outcomes if job.endswith("pick_held")] == ["ok"]
