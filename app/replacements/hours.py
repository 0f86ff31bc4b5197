"""The working-time rules, counted on plain shifts (no database here).

Used by app/replacements/eligibility.py for everyone at once and for one person
under the lock at acceptance: the same function decides both, so a person
alerted is a person who may take the mission.

A shift is (starts_at, ends_at, break_minutes) in UTC; its worked minutes are
spread evenly over its length, so a night crossing midnight counts on both
sides of it and a window cutting a shift counts only the part inside.
"Day" and "week" are any 24 hours and any 7 days (sliding windows), which is
how the limits are meant ("48 h sur une période quelconque de 7 jours") and
needs no choice of where a night's hours belong.
"""
from datetime import timedelta
from typing import NamedTuple

from app.replacements.models import MAX_WEEKLY_HOURS

MIN_REST = timedelta(hours=11)
DAY, WEEK = timedelta(hours=24), timedelta(days=7)
MAX_DAY_MINUTES, MAX_WEEK_MINUTES = 12 * 60, MAX_WEEKLY_HOURS * 60
# How far around a mission the hours held elsewhere matter (rest, day, week).
REACH = WEEK + timedelta(days=1)


class Shift(NamedTuple):
    starts_at: object
    ends_at: object
    break_minutes: int = 0
    establishment_id: int | None = None


def worked(shift):
    """The minutes of work of a shift: its length less its break."""
    return (shift.ends_at - shift.starts_at).total_seconds() / 60 - shift.break_minutes


def worked_between(shift, start, end):
    """The worked minutes of `shift` that fall within [start, end)."""
    inside = (min(shift.ends_at, end) - max(shift.starts_at, start)).total_seconds()
    if inside <= 0:
        return 0.0
    length = (shift.ends_at - shift.starts_at).total_seconds()
    return worked(shift) * inside / length


def _overlaps(a, b):
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def _rested(a, b):
    gap = b.starts_at - a.ends_at if a.ends_at <= b.starts_at else a.starts_at - b.ends_at
    return gap >= MIN_REST


def most_in_window(mission, held, width):
    """The most worked minutes in any window of `width` that meets a mission shift."""
    shifts = [*mission, *held]
    starts = {s.starts_at for s in shifts} | {s.ends_at - width for s in shifts}
    best = 0.0
    for start in starts:
        end = start + width
        if not any(m.starts_at < end and start < m.ends_at for m in mission):
            continue
        best = max(best, sum(worked_between(s, start, end) for s in shifts))
    return best


def time_refusals(mission, held, ceiling_hours, quota=None):
    """The rules of working time a person breaks by taking `mission` (codes, in order).

    `mission`: its shifts; `held`: the shifts the person already holds anywhere
    on the platform; `quota`: (monthly hours, the month of each mission shift as a
    function, the held shifts at the mission's establishment) or None.
    """
    codes = []
    if any(_overlaps(m, h) for m in mission for h in held):
        return ["overlap"]  # the rest and hours would be counted twice
    if not all(_rested(m, h) for m in mission for h in held):
        codes.append("rest")
    if most_in_window(mission, held, DAY) > MAX_DAY_MINUTES:
        codes.append("day_hours")
    week = most_in_window(mission, held, WEEK)
    if week > MAX_WEEK_MINUTES:
        codes.append("week_hours")
    elif week > ceiling_hours * 60:
        codes.append("ceiling")
    if quota is not None and _over_quota(mission, *quota):
        codes.append("quota")
    return codes


def _over_quota(mission, monthly_hours, month_of, held_here):
    """Whether the mission's hours, with those held at the same establishment in the
    same month (of the shift's local start), pass the establishment's quota."""
    totals = {}
    for shift in [*mission, *held_here]:
        month = month_of(shift.starts_at)
        totals[month] = totals.get(month, 0) + worked(shift)
    months = {month_of(m.starts_at) for m in mission}
    return any(totals[month] > monthly_hours * 60 for month in months)
