"""Calendars (.ics parsed back with icalendar) and the daily reminder command."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from icalendar import Calendar

from app.extensions import db
from app.timeutil import local_today as today, to_utc
from app.training.models import TrainingDate, TrainingSession
from tests import factories

PARIS = ZoneInfo("Europe/Paris")


def two_day_session(organiser, member):
    first = today() + timedelta(days=20)
    dates = [(to_utc(first, datetime.min.time().replace(hour=9)),
              to_utc(first, datetime.min.time().replace(hour=17))),
             (to_utc(first + timedelta(days=1), datetime.min.time().replace(hour=9)),
              to_utc(first + timedelta(days=1), datetime.min.time().replace(hour=12)))]
    session = factories.training_session(organiser, created_by=member, commit=False,
                                         title="Simulateur de vieillissement",
                                         starts_at=dates[0][0], ends_at=dates[1][1])
    session.dates = [TrainingDate(starts_at=s, ends_at=e) for s, e in dates]
    db.session.commit()
    return session, first


def test_a_session_as_ics_parsed_back(client, auth, member_b, member_a, establishment_a):
    session, first = two_day_session(establishment_a, member_a)
    auth.login(member_b)
    response = client.get(f"/training/{session.id}.ics")
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [
        "Formation : Simulateur de vieillissement (jour 1 sur 2)",
        "Formation : Simulateur de vieillissement (jour 2 sur 2)"]
    start = events[0].decoded("DTSTART")
    assert start == datetime.combine(first, datetime.min.time().replace(hour=9), PARIS)
    assert str(start.tzinfo) == "Europe/Paris"
    assert events[0]["DTSTART"].params["TZID"] == "Europe/Paris"
    assert events[1].decoded("DTEND").hour == 12
    assert "Vire Normandie" in str(events[0]["LOCATION"])
    assert len({str(e["UID"]) for e in events}) == 2


def test_the_feed_holds_published_sessions_only(client, auth, staff, establishment_a, member_a):
    published = factories.training_session(establishment_a, title="Gestes d'urgence")
    factories.training_session(establishment_a, status="pending", title="En attente")
    auth.login(staff)
    calendar = Calendar.from_ical(client.get("/training/calendar.ics").data)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert summaries == [f"Formation : {published.title}"]


def test_remind_mails_bookers_seven_days_before_once(runner, outbox, establishment_a,
                                                     member_a, member_b):
    soon = factories.training_session(establishment_a, days_ahead=6, title="Bientôt")
    later = factories.training_session(establishment_a, days_ahead=20, title="Plus tard")
    factories.seat_booking(soon, member_b, names=("Lucie Martin",))
    factories.seat_booking(later, member_b)
    factories.seat_booking(soon, member_a, status="waiting")

    result = runner.invoke(args=["remind"])
    assert "envoyés : 1" in result.output
    mail = outbox.last_to(member_b.email)
    assert "Bientôt" in mail["Subject"] and "Lucie Martin" in outbox.body(mail)
    assert outbox.to(member_a.email) == []
    assert "envoyés : 0" in runner.invoke(args=["remind"]).output

    with time_machine.travel(later.starts_at - timedelta(days=7), tick=False):
        assert "envoyés : 1" in runner.invoke(args=["remind"]).output
    assert db.session.get(TrainingSession, later.id).reminded_at is not None


# --- the private feeds (issue 19) ---------------------------------------------------

def test_a_member_subscribes_to_her_bookings_and_renews_the_secret(
        client, auth, establishment_a, member_a, member_b):
    from app import feeds
    from app.replacements import models as replacement_models
    assert replacement_models.new_feed_token is feeds.new_token  # one way to make secrets
    mine = factories.training_session(establishment_a, title="Réservée par nous")
    other = factories.training_session(establishment_a, title="Pas pour nous")
    factories.seat_booking(mine, member_b)
    factories.seat_booking(other, member_a)
    auth.login(member_b)
    assert "Obtenir mes adresses" in client.get("/training/agenda").text
    assert client.post("/training/agenda/renew").status_code == 302
    first = feeds.current(member_b, "training")
    assert first in client.get("/training/agenda").text
    auth.logout()

    body = client.get(f"/training/agenda/{first}/bookings.ics").text
    assert "Réservée par nous" in body and "Pas pour nous" not in body
    sessions = client.get(f"/training/agenda/{first}/sessions.ics").text
    assert "Réservée par nous" in sessions and "Pas pour nous" in sessions

    auth.login(member_b)
    client.post("/training/agenda/renew")
    auth.logout()
    second = feeds.current(member_b, "training")
    assert second != first
    assert client.get(f"/training/agenda/{first}/bookings.ics").status_code == 404
    assert client.get(f"/training/agenda/{second}/bookings.ics").status_code == 200


def test_the_feed_stops_when_the_establishment_is_suspended(client, member_b, establishment_b):
    from app import feeds
    token = feeds.renew(member_b, "training")
    assert client.get(f"/training/agenda/{token}/sessions.ics").status_code == 200
    establishment_b.status = "suspended"
    db.session.commit()
    assert client.get(f"/training/agenda/{token}/sessions.ics").status_code == 404
