"""Figures of the replacements: a professional's own missions and hours ("Mes missions"),
and the territory's missions per month for the staff dashboard and the observatoire.

A mission's hours: the minutes the member confirmed once done, else the shifts'
minutes less their breaks (what is planned). Only the assignments that hold
(booked or done) count as hours.
"""
from datetime import timedelta
from statistics import median

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.database import by_month, month_of
from app.extensions import db
from app.replacements.models import Assignment, Mission
from app.timeutil import local, utcnow


def minutes_of(assignment):
    """The minutes an assignment counts for: confirmed when done, else planned."""
    if assignment.status == "done" and assignment.minutes_done is not None:
        return assignment.minutes_done
    return sum(shift.worked_minutes for shift in assignment.mission.shifts)


def hours_text(minutes):
    """Minutes as French hours: « 7 h 30 », « 15 h »."""
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def assignments_of(profile):
    """Every assignment of the professional, with its mission, latest first."""
    return db.session.scalars(
        select(Assignment).join(Mission).where(Assignment.profile_id == profile.id)
        .options(selectinload(Assignment.mission))
        .order_by(Mission.starts_at.desc(), Assignment.id.desc())).all()


def split(assignments, now=None):
    """(coming, past): coming are those still waiting or booked that are not over,
    soonest first; the others are past, latest first."""
    now = now or utcnow()
    coming = [a for a in assignments
              if a.status in ("applied", "booked") and a.mission.ends_at > now]
    past = [a for a in assignments if a not in coming]
    return coming[::-1], past


def hours_by_employer_month(assignments):
    """[(month 'YYYY-MM' in Paris, establishment, hours done, hours planned)], latest
    month first: the hours that hold, per employer and month of the mission's start."""
    table = {}
    for assignment in assignments:
        if assignment.status not in ("booked", "done"):
            continue
        mission = assignment.mission
        key = (f"{local(mission.starts_at):%Y-%m}", mission.establishment.name)
        done, planned = table.get(key, (0, 0))
        minutes = minutes_of(assignment)
        table[key] = (done + minutes, planned) if assignment.status == "done" \
            else (done, planned + minutes)
    rows = sorted(table.items(), key=lambda item: (item[0][0], item[0][1]), reverse=True)
    return [(month, name, round(done / 60, 2), round(planned / 60, 2))
            for (month, name), (done, planned) in rows]


def monthly(since):
    """{month: figures} of the territory: missions posted, filled, the median hours from
    posting to filling, hours done, and the done assignments they rest on (so that the
    observatoire hides the hours of fewer than five people)."""
    posted = by_month([func.count()], Mission.published_at, since)
    done = by_month([func.coalesce(func.sum(Assignment.minutes_done), 0), func.count()],
                     Mission.starts_at, since, Assignment.mission_id == Mission.id,
                     Assignment.status == "done")
    fill_hours = _fill_hours(since)
    months = set(posted) | set(done) | set(fill_hours)
    return {key: {"missions_posted": int(posted.get(key, (0,))[0]),
                  "missions_filled": len(fill_hours.get(key, [])),
                  "mission_fill_hours": (median(fill_hours[key]) if fill_hours.get(key)
                                         else None),
                  "mission_hours": round(int(done.get(key, (0, 0))[0]) / 60, 1),
                  "missions_done": int(done.get(key, (0, 0))[1])}
            for key in months}


EMPTY = {"missions_posted": 0, "missions_filled": 0, "mission_fill_hours": None,
         "mission_hours": 0, "missions_done": 0}


def _fill_hours(since):
    """{month filled: [hours from posting to filling]} of the missions filled since."""
    rows = db.session.execute(select(month_of(Mission.filled_at), Mission.published_at,
                                     Mission.filled_at).where(
        Mission.filled_at >= since, Mission.status.in_(("filled", "done")))).all()
    result = {}
    for month, published_at, filled_at in rows:
        hours = max((filled_at - published_at) / timedelta(hours=1), 0)
        result.setdefault(month, []).append(round(hours, 1))
    return result
