"""The availability calendar: a slot per day (available, last resort, unavailable), repeats
written ahead as rows, and the reminder when a calendar stays empty.

A repeat ("every Tuesday night") is an AvailabilityRule; its days are written as
Availability rows `AHEAD_DAYS` ahead (at once, then by the daily task), so that
eligibility reads one table. A day's own choice (rule_id NULL) wins over a repeat.
"""
from datetime import timedelta

from flask import url_for
from flask_babel import gettext as _
from huey import crontab
from sqlalchemy import delete, exists, select

from app import tasks
from app.audit.services import record
from app.errors import DomainError
from app.extensions import db
from app.notifications import policy
from app.permissions import check_allowed
from app.replacements.models import LEVELS, SLOTS, Availability, AvailabilityRule, ReplacementProfile
from app.timeutil import local_today, utcnow
from app.work import unit_of_work

AHEAD_DAYS = 84
FURTHEST_DAYS = 366  # a day's choice at most a year ahead
EMPTY_DAYS = 14  # two weeks without a slot: the professional is reminded


class BadDay(DomainError):
    def default_message(self):
        return _("Choisissez un jour entre aujourd'hui et dans un an.")


def monday_of(day):
    return day - timedelta(days=day.weekday())


def week(profile, monday):
    """{(day, slot): Availability} for the 7 days from `monday`."""
    rows = db.session.scalars(select(Availability).where(
        Availability.profile_id == profile.id, Availability.day >= monday,
        Availability.day < monday + timedelta(days=7)))
    return {(row.day, row.slot): row for row in rows}


def rules(profile):
    """The professional's repeats, Monday first."""
    return db.session.scalars(select(AvailabilityRule).where(
        AvailabilityRule.profile_id == profile.id)
        .order_by(AvailabilityRule.weekday, AvailabilityRule.id)).all()


def _own_profile(work, actor):
    profile = work.lock_one(select(ReplacementProfile).where(ReplacementProfile.user_id == actor.id))
    check_allowed(profile is not None and profile.status != "suspended", _(
        "Votre profil de remplaçant(e) est suspendu : contactez l'association."))
    return profile


def set_slots(actor, chosen):
    """The professional's own choices {(day, slot): level or "" (nothing said)}."""
    today = local_today()
    if any(not today <= day <= today + timedelta(days=FURTHEST_DAYS) for day, _slot in chosen):
        raise BadDay()
    with unit_of_work() as work:
        profile = _own_profile(work, actor)
        existing = week_rows(profile, {day for day, _slot in chosen})
        for (day, slot), level in chosen.items():
            row = existing.get((day, slot))
            if row is not None and row.level == level and row.rule_id is None:
                continue
            if row is not None:
                db.session.delete(row)
                db.session.flush()
            if level:
                db.session.add(Availability(profile_id=profile.id, day=day, slot=slot,
                                            level=level))
        record("replacement_availability", actor=actor, obj=profile, slots=len(chosen))


def set_slot(actor, day, slot, level):
    """One slot of one day (level "" clears it)."""
    set_slots(actor, {(day, slot): level})


def week_rows(profile, days):
    rows = db.session.scalars(select(Availability).where(Availability.profile_id == profile.id,
                                                         Availability.day.in_(days)))
    return {(row.day, row.slot): row for row in rows}


def add_rule(actor, weekday, slot, level, starts_on, ends_on=None):
    """A repeat from `starts_on` (to `ends_on`), written ahead at once; returns it."""
    if slot not in SLOTS or level not in LEVELS or not 0 <= weekday <= 6:
        raise DomainError(_("Choisissez un jour, un créneau et une disponibilité de la liste."))
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(_("La fin de la répétition est avant son début."))
    with unit_of_work() as work:
        profile = _own_profile(work, actor)
        rule = AvailabilityRule(profile_id=profile.id, weekday=weekday, slot=slot, level=level,
                                starts_on=starts_on, ends_on=ends_on)
        db.session.add(rule)
        db.session.flush()
        _write(rule, local_today(), AHEAD_DAYS, replace_rules=True)
        record("replacement_availability_rule", actor=actor, obj=profile, rule=rule.id)
    return rule


def remove_rule(actor, rule_id):
    """Stop a repeat: its coming days go; the days already past stay as they were."""
    with unit_of_work() as work:
        profile = _own_profile(work, actor)
        rule = work.lock(AvailabilityRule, rule_id, profile_id=profile.id)
        if rule is None:
            return False
        db.session.execute(delete(Availability).where(Availability.rule_id == rule.id,
                                                      Availability.day >= local_today()))
        db.session.delete(rule)
        record("replacement_availability_rule_remove", actor=actor, obj=profile)
    return True


def _days(rule, start, count):
    first = max(start, rule.starts_on)
    first += timedelta(days=(rule.weekday - first.weekday()) % 7)
    last = start + timedelta(days=count - 1)
    if rule.ends_on is not None:
        last = min(last, rule.ends_on)
    while first <= last:
        yield first
        first += timedelta(days=7)


def _write(rule, start, count, replace_rules=False):
    """Write the rule's days from `start`; a day's own choice is kept; another repeat's
    row is replaced by a newer rule (`replace_rules`) or kept (the daily task)."""
    days = list(_days(rule, start, count))
    if not days:
        return 0
    existing = {row.day: row for row in db.session.scalars(select(Availability).where(
        Availability.profile_id == rule.profile_id, Availability.slot == rule.slot,
        Availability.day.in_(days)))}
    written = 0
    for day in days:
        row = existing.get(day)
        if row is not None and (row.rule_id is None or not replace_rules):
            continue
        if row is not None:
            db.session.delete(row)
            db.session.flush()
        db.session.add(Availability(profile_id=rule.profile_id, day=day, slot=rule.slot,
                                    level=rule.level, rule_id=rule.id))
        written += 1
    return written


def write_rules_ahead(days=AHEAD_DAYS):
    """Write every running repeat's days up to `days` ahead (the daily task); returns rows."""
    today = local_today()
    with unit_of_work():
        rules = db.session.scalars(select(AvailabilityRule).where(
            (AvailabilityRule.ends_on.is_(None)) | (AvailabilityRule.ends_on >= today))
            .order_by(AvailabilityRule.id)).all()
        return sum(_write(rule, today, days) for rule in rules)


def empty_calendars():
    """Checked profiles, in the pool for two weeks, with no slot offered from two weeks ago
    to two weeks ahead, and not reminded in the last two weeks."""
    today, now = local_today(), utcnow()
    offered = exists().where(Availability.profile_id == ReplacementProfile.id,
                             Availability.level != "unavailable",
                             Availability.day >= today - timedelta(days=EMPTY_DAYS),
                             Availability.day <= today + timedelta(days=EMPTY_DAYS))
    reminded = ReplacementProfile.calendar_reminded_at > now - timedelta(days=EMPTY_DAYS)
    return select(ReplacementProfile).where(
        ReplacementProfile.is_alerted, ~offered, ~reminded.is_(True),
        ReplacementProfile.created_at <= now - timedelta(days=EMPTY_DAYS))


def remind_empty_calendars():
    """Mail (and push) each professional whose calendar is empty; returns how many."""
    with unit_of_work() as work:
        profiles = work.lock_all(empty_calendars().order_by(ReplacementProfile.id))
        link = url_for("replacements.calendar", _external=True)
        for profile in profiles:
            profile.calendar_reminded_at = utcnow()
            work.after_commit(policy.notify, profile.user.email, "replacement_calendar_empty",
                              url=link, link=link, user=profile.user)
    return len(profiles)


@tasks.periodic(crontab(hour=2, minute=20), name="replacements_write_ahead")
def write_ahead_task():
    write_rules_ahead()


@tasks.periodic(crontab(hour=8, minute=0), name="replacements_calendar_reminder")
def reminder_task():
    remind_empty_calendars()
