"""What the member's mission pages read: its missions, the applicants ranked, the alerts
counted, the week of the planning and its figures. Reads only; a few queries per page,
never one per person."""
from collections import defaultdict
from datetime import time, timedelta
from statistics import median
from typing import NamedTuple

from sqlalchemy import func, select

from app import communes
from app.database import paginate
from app.extensions import db
from app.replacements.models import (Assignment, Mission, MissionAlert, MissionShift,
                                     ProfileEmployer, ReplacementProfile)
from app.timeutil import local, to_utc

PER_PAGE = 20


class Applicant(NamedTuple):
    """A person who applied ("je valide"), with what the member ranks them by."""
    assignment: Assignment
    profile: ReplacementProfile
    network: bool  # already worked here, or declared this employer
    distance_km: float
    week_minutes: int  # held in the week (Monday to Sunday) of the mission's start


def missions_of(establishment_id, page=1):
    """The establishment's missions, latest start first, one page."""
    query = (select(Mission).where(Mission.establishment_id == establishment_id)
             .order_by(Mission.starts_at.desc(), Mission.id.desc()))
    return paginate(query, page, PER_PAGE)


def applicants(mission):
    """The people waiting for the member's choice, best first: already worked here,
    then nearest, then fewest hours this week."""
    rows = db.session.execute(
        select(Assignment, ReplacementProfile)
        .join(ReplacementProfile, Assignment.profile_id == ReplacementProfile.id)
        .where(Assignment.mission_id == mission.id, Assignment.status == "applied")).all()
    ids = [profile.id for _assignment, profile in rows]
    network = _network(mission.establishment_id, ids)
    minutes = week_minutes(ids, mission.starts_at)
    ranked = [Applicant(assignment, profile, profile.id in network,
                        communes.distance_km(profile.latitude, profile.longitude,
                                             mission.latitude, mission.longitude),
                        minutes.get(profile.id, 0)) for assignment, profile in rows]
    return sorted(ranked, key=lambda a: (not a.network, a.distance_km, a.week_minutes))


def _network(establishment_id, profile_ids):
    if not profile_ids:
        return set()
    declared = select(ProfileEmployer.profile_id).where(
        ProfileEmployer.establishment_id == establishment_id,
        ProfileEmployer.profile_id.in_(profile_ids))
    worked = (select(Assignment.profile_id).join(Mission, Assignment.mission_id == Mission.id)
              .where(Mission.establishment_id == establishment_id, Assignment.status == "done",
                     Assignment.profile_id.in_(profile_ids)))
    return set(db.session.scalars(declared.union(worked)))


def week_bounds(moment):
    """Monday 00:00 and the next Monday 00:00 (Paris) around `moment`, in UTC."""
    monday = local(moment).date()
    monday -= timedelta(days=monday.weekday())
    return to_utc(monday, time()), to_utc(monday + timedelta(days=7), time())


def week_minutes(profile_ids, moment):
    """{profile_id: minutes worked} in the held shifts of the week around `moment`."""
    if not profile_ids:
        return {}
    start, end = week_bounds(moment)
    rows = db.session.execute(
        select(Assignment.profile_id, MissionShift.starts_at, MissionShift.ends_at,
               MissionShift.break_minutes)
        .join(MissionShift, MissionShift.mission_id == Assignment.mission_id)
        .where(Assignment.profile_id.in_(profile_ids), Assignment.holds,
               MissionShift.starts_at >= start, MissionShift.starts_at < end)).all()
    totals = defaultdict(int)
    for profile_id, starts_at, ends_at, pause in rows:
        totals[profile_id] += int((ends_at - starts_at).total_seconds() // 60) - pause
    return dict(totals)


def alert_counts(mission):
    """How many people were alerted, opened the alert and answered it."""
    sent, opened, answered = db.session.execute(
        select(func.count(MissionAlert.id), func.count(MissionAlert.opened_at),
               func.count(MissionAlert.answered_at))
        .where(MissionAlert.mission_id == mission.id)).one()
    return {"sent": sent, "opened": opened, "answered": answered}


def week(establishment_id, monday):
    """The establishment's missions starting in the week from `monday` (a Paris date),
    by day: [(day, [missions])] for the seven days."""
    start, end = to_utc(monday, time()), to_utc(monday + timedelta(days=7), time())
    missions = db.session.scalars(
        select(Mission).where(Mission.establishment_id == establishment_id,
                              Mission.starts_at >= start, Mission.starts_at < end)
        .order_by(Mission.starts_at, Mission.id)).all()
    days = {monday + timedelta(days=n): [] for n in range(7)}
    for mission in missions:
        days[local(mission.starts_at).date()].append(mission)
    return list(days.items()), figures(missions)


def figures(missions):
    """The fill rate (filled or done among those not cancelled) and the median time to
    fill, in minutes, of `missions`; None where nothing counts."""
    counted = [m for m in missions if m.status != "cancelled"]
    filled = [m for m in counted if m.status in ("filled", "done")]
    delays = [(m.filled_at - m.published_at).total_seconds() / 60
              for m in missions if m.filled_at is not None]
    return {"missions": len(counted), "filled": len(filled),
            "fill_rate": round(100 * len(filled) / len(counted)) if counted else None,
            "time_to_fill": round(median(delays)) if delays else None}
