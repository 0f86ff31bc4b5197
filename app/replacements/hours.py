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

Counted as a sweep: each shift is first turned into whole microseconds (the
same arithmetic as on datetimes, to the last bit of the float), the windows are
taken in order of their start and only the shifts inside the current one are
summed; no datetime is built in the loops.
"""
from datetime import datetime, timedelta, timezone
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


class _Span(NamedTuple):
    """A shift in whole microseconds since the epoch, with its worked minutes and its
    length in seconds (the floats worked_between() divides by)."""
    start: int
    end: int
    worked: float
    seconds: float


_US = timedelta(microseconds=1)
_EPOCHS = {False: datetime(1970, 1, 1), True: datetime(1970, 1, 1, tzinfo=timezone.utc)}


def _micro(moment):
    return (moment - _EPOCHS[moment.tzinfo is not None]) // _US


def _span(shift):
    start, end = _micro(shift.starts_at), _micro(shift.ends_at)
    seconds = (end - start) / 10**6  # as timedelta.total_seconds()
    return _Span(start, end, seconds / 60 - shift.break_minutes, seconds)


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
    return a.start < b.end and b.start < a.end


def _rested(a, b):
    gap = b.start - a.end if a.end <= b.start else a.start - b.end
    return gap >= _REST


_REST = MIN_REST // _US


def most_in_window(mission, held, width):
    """The most worked minutes in any window of `width` that meets a mission shift."""
    return _most([_span(m) for m in mission], [_span(h) for h in held], width // _US)


def _most(mission, held, width):
    """most_in_window() on spans, `width` in microseconds: a sweep over the windows in
    order of their start, each summing only the shifts it meets, in the order of
    [*mission, *held] (the same float sum as adding every shift's share)."""
    first, last = min(m.start for m in mission), max(m.end for m in mission)
    shifts = [*mission, *(h for h in held if h.end > first - width and h.start < last + width)]
    starts = sorted({s.start for s in shifts} | {s.end - width for s in shifts})
    by_start = sorted(range(len(shifts)), key=lambda k: shifts[k].start)
    best, added, inside = 0.0, 0, []
    for start in starts:
        end = start + width
        if not any(m.start < end and start < m.end for m in mission):
            continue
        while added < len(by_start) and shifts[by_start[added]].start < end:
            inside.append(by_start[added])
            added += 1
        inside = [k for k in inside if shifts[k].end > start]  # the window has passed them
        total = 0
        for k in sorted(inside):
            s = shifts[k]
            part = (min(s.end, end) - max(s.start, start)) / 10**6
            total += s.worked * part / s.seconds
        best = max(best, total)
    return best


def _whole(mission, held, width):
    """At least _most(): every shift the windows may meet counted whole (none below
    zero), so that a person far from a limit is not swept at all."""
    first, last = min(m.start for m in mission), max(m.end for m in mission)
    return sum(max(0.0, s.worked) for s in [*mission, *held]
               if s.end > first - width and s.start < last + width)


_MARGIN = 1e-6  # minutes: far above the float error of a sweep's sum, far below a minute


def time_refusals(mission, held, ceiling_hours, quota=None):
    """The rules of working time a person breaks by taking `mission` (codes, in order).

    `mission`: its shifts; `held`: the shifts the person already holds anywhere
    on the platform; `quota`: (monthly hours, the month of each mission shift as a
    function, the held shifts at the mission's establishment) or None.
    """
    codes = []
    spans, held_spans = [_span(m) for m in mission], [_span(h) for h in held]
    if any(_overlaps(m, h) for m in spans for h in held_spans):
        return ["overlap"]  # the rest and hours would be counted twice
    if not all(_rested(m, h) for m in spans for h in held_spans):
        codes.append("rest")
    day, week = DAY // _US, WEEK // _US
    if (_whole(spans, held_spans, day) > MAX_DAY_MINUTES - _MARGIN
            and _most(spans, held_spans, day) > MAX_DAY_MINUTES):
        codes.append("day_hours")
    limit = min(MAX_WEEK_MINUTES, ceiling_hours * 60)
    week = (_most(spans, held_spans, week)
            if _whole(spans, held_spans, week) > limit - _MARGIN else 0.0)
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
