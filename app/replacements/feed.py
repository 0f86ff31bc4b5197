"""The professional's private calendar feed (RFC 5545): the shifts of the missions they
hold, at a secret URL they renew when it leaked (the old URL then answers 404)."""
from datetime import date, timedelta

from flask import url_for
from flask_babel import gettext as _
from icalendar import Calendar, Event
from sqlalchemy import select

from app.audit.services import record
from app.extensions import db
from app.replacements.models import Assignment, Mission, ReplacementProfile, new_feed_token
from app.timeutil import local, utcnow
from app.work import unit_of_work

PAST_DAYS = 92  # the feed keeps three months of missions done


def profile_of(token):
    """The profile whose feed `token` is, or None (unknown or renewed since)."""
    if not token or len(token) > 40:
        return None
    return db.session.scalar(select(ReplacementProfile).where(
        ReplacementProfile.feed_token == token))


def renew(actor):
    """A new secret for the actor's feed: the URL given out before stops working."""
    with unit_of_work() as work:
        profile = work.lock_one(select(ReplacementProfile).where(
            ReplacementProfile.user_id == actor.id))
        if profile is None:
            return None
        profile.feed_token = new_feed_token()
        record("replacement_feed_renewed", actor=actor, obj=profile)
        return profile.feed_token


def _held(profile):
    since = utcnow() - timedelta(days=PAST_DAYS)
    return db.session.scalars(select(Assignment).join(Mission).where(
        Assignment.profile_id == profile.id, Assignment.holds, Mission.ends_at >= since)
        .order_by(Mission.starts_at)).all()


def calendar_of(profile):
    """The VCALENDAR of the shifts the professional holds (booked or done)."""
    calendar = Calendar()
    calendar.add("prodid", "-//GTEC du Bocage//Missions//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Mes missions de remplacement"))
    calendar.add("x-wr-timezone", "Europe/Paris")
    assignments = _held(profile)
    for assignment in assignments:
        for number, shift in enumerate(assignment.mission.shifts, start=1):
            calendar.add_component(_event(assignment.mission, shift, number))
    if assignments:
        years = [a.mission.starts_at.year for a in assignments]
        calendar.add_missing_timezones(first_date=date(min(years) - 1, 1, 1),
                                       last_date=date(max(years) + 2, 1, 1))
    return calendar.to_ical()


def _event(mission, shift, number):
    event = Event()
    event.add("uid", f"mission-{mission.id}-{shift.id}@gtec-bocage")
    event.add("dtstamp", utcnow())
    event.add("dtstart", local(shift.starts_at))
    event.add("dtend", local(shift.ends_at))
    summary = _("Mission : %(occupation)s, %(establishment)s",
                occupation=mission.occupation_label, establishment=mission.establishment.name)
    if len(mission.shifts) > 1:
        summary += _(" (poste %(n)d sur %(total)d)", n=number, total=len(mission.shifts))
    event.add("summary", summary)
    event.add("location", ", ".join(part for part in (mission.site, mission.commune) if part))
    description = _("Pause : %(minutes)d min.", minutes=shift.break_minutes)
    if mission.note:
        description += "\n\n" + mission.note
    event.add("description", description)
    event.add("url", url_for("replacements.my_missions", _external=True))
    return event
