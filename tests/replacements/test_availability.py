"""The availability calendar: a week's slots, repeats written ahead, the empty-calendar
reminder (r-pro)."""
from datetime import date, datetime, timedelta, timezone

import time_machine
from sqlalchemy import func, select

from app.extensions import db
from app.replacements import availability
from app.replacements.models import Availability, AvailabilityRule
from app.timeutil import local_today
from tests import factories
from tests.conftest import csrf_token
from tests.replacements import factories as pool

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc)  # a Wednesday
TODAY = date(2026, 12, 2)


def slots(profile):
    db.session.expire_all()
    rows = db.session.scalars(select(Availability).where(Availability.profile_id == profile.id))
    return {(row.day, row.slot): (row.level, row.rule_id) for row in rows}


@time_machine.travel(NOW, tick=False)
def test_the_week_page_saves_each_slot(client, auth, candidate):
    profile = pool.pro_profile(candidate)
    auth.login(candidate)
    page = client.get("/replacements/calendar")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'name="slot-2026-12-04-night"' in html
    assert 'id="slot-2026-11-30-morning" name="slot-2026-11-30-morning" disabled' in html  # past
    response = client.post("/replacements/calendar?week=2026-11-30", data={
        "csrf_token": csrf_token(html), "slot-2026-12-04-night": "available",
        "slot-2026-12-05-day": "last_resort", "slot-2026-11-30-morning": "available"})
    assert response.status_code == 302
    assert slots(profile) == {(date(2026, 12, 4), "night"): ("available", None),
                              (date(2026, 12, 5), "day"): ("last_resort", None)}
    # Saved again without the night: cleared; a bad level is refused whole.
    client.post("/replacements/calendar?week=2026-11-30", data={
        "csrf_token": csrf_token(html), "slot-2026-12-05-day": "last_resort"})
    assert slots(profile) == {(date(2026, 12, 5), "day"): ("last_resort", None)}
    bad = client.post("/replacements/calendar?week=2026-11-30", data={
        "csrf_token": csrf_token(html), "slot-2026-12-05-day": "maybe"})
    assert bad.status_code == 400 and "disponibilité de la liste" in bad.get_data(as_text=True)
    assert slots(profile) == {(date(2026, 12, 5), "day"): ("last_resort", None)}


@time_machine.travel(NOW, tick=False)
def test_a_week_too_far_or_malformed_falls_back(client, auth, candidate):
    pool.pro_profile(candidate)
    auth.login(candidate)
    assert client.get("/replacements/calendar?week=nonsense").status_code == 200
    far = client.get("/replacements/calendar?week=2099-01-01").get_data(as_text=True)
    assert 'name="slot-2027-11-29-night"' in far  # a year ahead at most
    back = client.get("/replacements/calendar?week=2020-01-06").get_data(as_text=True)
    assert 'name="slot-2026-11-30-night"' in back  # never before this week


def test_no_profile_goes_to_join(client, auth, candidate):
    auth.login(candidate)
    assert client.get("/replacements/calendar").location.endswith("/replacements/join")


@time_machine.travel(NOW, tick=False)
def test_a_repeat_is_written_ahead_and_a_day_choice_wins(app, candidate):
    profile = pool.pro_profile(candidate)
    availability.set_slot(candidate, date(2026, 12, 8), "night", "unavailable")  # a Tuesday
    rule = availability.add_rule(candidate, 1, "night", "available", TODAY)
    written = slots(profile)
    tuesdays = [TODAY + timedelta(days=6 + 7 * n) for n in range(12)]
    assert tuesdays[-1] < TODAY + timedelta(days=availability.AHEAD_DAYS)
    assert written[(tuesdays[0], "night")] == ("unavailable", None)  # the day's own choice
    assert all(written[(day, "night")] == ("available", rule.id) for day in tuesdays[1:])
    assert len(written) == 12
    # Days later the daily task writes the weeks that came into reach, and no more.
    with time_machine.travel(NOW + timedelta(days=14), tick=False):
        assert availability.write_rules_ahead() == 2
        assert availability.write_rules_ahead() == 0
    assert len(slots(profile)) == 14


@time_machine.travel(NOW, tick=False)
def test_a_newer_repeat_replaces_an_older_one_and_removal_keeps_the_past(app, candidate):
    profile = pool.pro_profile(candidate)
    old = availability.add_rule(candidate, 4, "day", "available", TODAY,
                                ends_on=TODAY + timedelta(days=20))
    assert len(slots(profile)) == 3  # three Fridays before the end
    new = availability.add_rule(candidate, 4, "day", "last_resort", TODAY)
    written = slots(profile)
    assert {rule for _level, rule in written.values()} == {new.id}
    assert availability.remove_rule(candidate, new.id)
    assert slots(profile) == {}
    assert availability.remove_rule(candidate, old.id)
    assert availability.remove_rule(candidate, 999) is False


@time_machine.travel(NOW, tick=False)
def test_repeat_form_messages(client, auth, candidate):
    pool.pro_profile(candidate)
    auth.login(candidate)
    html = client.get("/replacements/calendar").get_data(as_text=True)
    bad = client.post("/replacements/calendar/repeats", data={
        "csrf_token": csrf_token(html), "weekday": "1", "slot": "night", "level": "available",
        "starts_on": "2026-12-10", "ends_on": "2026-12-01"})
    assert bad.status_code == 400 and "avant son début" in bad.get_data(as_text=True)
    bad = client.post("/replacements/calendar/repeats", data={
        "csrf_token": csrf_token(html), "weekday": "9", "slot": "dusk", "level": "available",
        "starts_on": ""})
    text = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "Choisissez une valeur de la liste" in text
    assert "Indiquez la date de début" in text
    assert db.session.scalar(select(func.count(AvailabilityRule.id))) == 0
    good = client.post("/replacements/calendar/repeats", data={
        "csrf_token": csrf_token(html), "weekday": "1", "slot": "night", "level": "available",
        "starts_on": "2026-12-02"})
    assert good.status_code == 302
    assert db.session.scalar(select(func.count(AvailabilityRule.id))) == 1


def test_another_persons_repeat_cannot_be_removed(client, auth, candidate):
    other = factories.user("candidate")
    pool.pro_profile(candidate)
    pool.pro_profile(other)
    rule = availability.add_rule(other, 1, "night", "available", local_today())
    auth.login(candidate)
    html = client.get("/replacements/calendar").get_data(as_text=True)
    assert client.post(f"/replacements/calendar/repeats/{rule.id}/delete",
                       data={"csrf_token": csrf_token(html)}).status_code == 404
    assert db.session.get(AvailabilityRule, rule.id) is not None


def test_the_empty_calendar_reminder(app, candidate, outbox):
    with time_machine.travel(NOW - timedelta(days=20), tick=False):
        profile = pool.pro_profile(candidate)
        busy = pool.pro_profile(factories.user("candidate"))
        pending = pool.pro_profile(factories.user("candidate"), status="pending")
    availability.set_slot(busy.user, local_today() + timedelta(days=3), "day", "available")
    assert availability.remind_empty_calendars() == 1
    message = outbox.last_to(candidate.email)
    assert "calendrier de disponibilités est vide" in message["Subject"]
    assert "/replacements/calendar" in outbox.body(message)
    assert outbox.to(busy.user.email) == [] and outbox.to(pending.user.email) == []
    assert availability.remind_empty_calendars() == 0  # not again within two weeks
    with time_machine.travel(datetime.now(timezone.utc) + timedelta(days=15), tick=False):
        assert availability.remind_empty_calendars() == 1  # again; busy's slot is recent
    with time_machine.travel(datetime.now(timezone.utc) + timedelta(days=18), tick=False):
        assert availability.remind_empty_calendars() == 1  # busy's slot is over two weeks old
        assert outbox.to(busy.user.email)
    db.session.refresh(profile)
    assert profile.calendar_reminded_at is not None


def test_a_newcomer_is_not_reminded_in_their_first_two_weeks(app, candidate, outbox):
    pool.pro_profile(candidate)
    assert availability.remind_empty_calendars() == 0


def test_the_two_daily_tasks_are_registered(app):
    from app import tasks
    assert {"replacements_write_ahead", "replacements_calendar_reminder"} <= set(tasks.PERIODIC)
