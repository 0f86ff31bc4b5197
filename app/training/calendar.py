"""Sessions as iCalendar (RFC 5545): one event per date, in Europe/Paris."""
from datetime import date

from flask import url_for
from flask_babel import gettext as _
from icalendar import Calendar, Event

from app.timeutil import utcnow
from app.timeutil import local


def calendar_of(sessions, name):
    """A VCALENDAR with the dates of the sessions and the Europe/Paris VTIMEZONE."""
    calendar = Calendar()
    calendar.add("prodid", "-//GTEC du Bocage//Formations//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    for session in sessions:
        for number, day in enumerate(session.dates, start=1):
            calendar.add_component(_event(session, day, number))
    if sessions:  # the time zone's rules over the years of the events, not 1970-2038
        calendar.add_missing_timezones(
            first_date=date(min(s.starts_at.year for s in sessions) - 1, 1, 1),
            last_date=date(max(s.ends_at.year for s in sessions) + 2, 1, 1))
    return calendar.to_ical()


def _event(session, day, number):
    event = Event()
    event.add("uid", f"formation-{session.id}-{day.id}@gtec-bocage")
    event.add("dtstamp", utcnow())
    event.add("dtstart", local(day.starts_at))
    event.add("dtend", local(day.ends_at))
    summary = _("Formation : %(title)s", title=session.title)
    if len(session.dates) > 1:
        summary += _(" (jour %(n)d sur %(total)d)", n=number, total=len(session.dates))
    event.add("summary", summary)
    event.add("location", f"{session.place}, {session.commune}")
    event.add("description", _("Organisateur : %(organiser)s. Organisme : %(provider)s.",
                               organiser=session.organiser_name, provider=session.provider)
              + "\n\n" + session.description)
    event.add("url", url_for("training.detail", session_id=session.id, _external=True))
    event.add("categories", [str(session.theme_label)])
    return event
