"""What the alert tests share: a frozen clock, the queue's schedule run by hand, and
the people eligible for a mission while r-engine's eligibility module is not there.

`chosen` installs, only when app.replacements.eligibility cannot be imported,
a module of these tests (never one in app/) that chooses by the rows the
factories write: the occupation, the level of the mission's day, the network,
not alerted yet. With r-engine's module present, the tests run on it.
"""
import sys
import types
from datetime import datetime, timezone
from typing import NamedTuple

import pytest
from sqlalchemy import exists, func, select

from app import tasks, timeutil
from app.extensions import db
from app.replacements.models import (Availability, MissionAlert, ProfileEmployer,
                                     ProfileOccupation, ReplacementProfile)


class Clock:
    """app.timeutil.utcnow, frozen at a moment the test moves."""

    def __init__(self, moment):
        self.now = moment

    def __call__(self):
        return self.now

    def advance(self, delta):
        self.now += delta


@pytest.fixture
def clock(monkeypatch):
    # A Tuesday, 10:00 in Paris (no SMS quiet hours), years ahead: huey keeps a task
    # scheduled from this clock for later instead of running it at once.
    frozen = Clock(datetime(2030, 1, 8, 9, 0, tzinfo=timezone.utc))
    monkeypatch.setattr(timeutil, "utcnow", frozen)
    tasks.huey.flush()
    yield frozen
    tasks.huey.flush()


def run_due(clock):
    """Run the scheduled tasks whose time has come on the frozen clock; how many ran."""
    moment = clock.now.astimezone(timezone.utc).replace(tzinfo=None)
    due = tasks.huey.read_schedule(moment)
    for task in due:
        tasks.huey.execute(task, moment)
    return len(due)


class Candidate(NamedTuple):
    profile_id: int
    level: str
    distance_km: float
    network: bool
    week_minutes: int


def _eligible(mission, *, network_only=False, levels=("available",), exclude_alerted=True,
              limit=None):
    day = timeutil.local(mission.starts_at).date()
    network = exists().where(ProfileEmployer.profile_id == ReplacementProfile.id,
                             ProfileEmployer.establishment_id == mission.establishment_id)
    query = (select(ReplacementProfile.id, func.min(Availability.level), network)
             .join(Availability).join(ProfileOccupation)
             .where(ReplacementProfile.is_alerted, ProfileOccupation.occupation == mission.occupation,
                    Availability.day == day, Availability.level.in_(levels))
             .group_by(ReplacementProfile.id).order_by(ReplacementProfile.id).limit(limit))
    if network_only:
        query = query.where(network)
    if exclude_alerted:
        query = query.where(~exists().where(MissionAlert.mission_id == mission.id,
                                            MissionAlert.profile_id == ReplacementProfile.id))
    return [Candidate(pid, level, 0.0, bool(net), 0) for pid, level, net in db.session.execute(query)]


def _reasons(mission):
    other = select(func.count(ReplacementProfile.id)).where(~exists().where(
        ProfileOccupation.profile_id == ReplacementProfile.id,
        ProfileOccupation.occupation == mission.occupation))
    return {"occupation": db.session.scalar(other)}


@pytest.fixture
def chosen(monkeypatch):
    """The eligibility module alerts.py calls: r-engine's, or this stand-in."""
    try:
        from app.replacements import eligibility
    except ImportError:
        eligibility = types.ModuleType("app.replacements.eligibility")
        eligibility.REASONS = {"occupation": "Autre métier", "unavailable": "Pas disponible"}
        eligibility.eligible, eligibility.reasons = _eligible, _reasons
        monkeypatch.setitem(sys.modules, "app.replacements.eligibility", eligibility)
        import app.replacements
        monkeypatch.setattr(app.replacements, "eligibility", eligibility, raising=False)
    return eligibility
