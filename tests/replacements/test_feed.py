"""The private calendar feed: the shifts held, in Europe/Paris; renewing kills the old URL."""
from datetime import datetime, timedelta, timezone

from icalendar import Calendar

from app.extensions import db
from app.replacements.models import ReplacementProfile
from app.timeutil import utcnow
from tests.replacements.factories import mine_assignment, mine_mission, mine_profile


def _events(response):
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    return [c for c in Calendar.from_ical(response.data).walk("VEVENT")]


def test_the_feed_holds_each_shift_of_the_missions_held(client, establishment_a):
    profile = mine_profile()
    night = datetime(2030, 1, 14, 20, 0, tzinfo=timezone.utc)  # 21:00 in Paris
    mine_assignment(mine_mission(establishment_a, night, hours=(10, 10)), profile, "booked")
    mine_assignment(mine_mission(establishment_a, night + timedelta(days=7)), profile,
                    "withdrawn")
    mine_assignment(mine_mission(establishment_a, night), mine_profile(), "booked")
    events = _events(client.get(f"/replacements/agenda/{profile.feed_token}.ics"))
    assert len(events) == 2  # two shifts of the booked mission; not the withdrawal
    start = events[0].decoded("dtstart")
    assert (start.hour, str(start.tzinfo)) == (21, "Europe/Paris")
    assert events[0].decoded("dtend").day == 15  # a night crosses midnight
    assert "poste 1 sur 2" in str(events[0]["summary"])


def test_renewing_makes_the_old_url_answer_404(client, auth, establishment_a):
    profile = mine_profile()
    old = profile.feed_token
    auth.login(profile.user)
    response = client.post("/replacements/mes-missions/agenda/renouveler")
    assert response.status_code == 302
    new = db.session.get(ReplacementProfile, profile.id).feed_token
    assert new != old
    assert client.get(f"/replacements/agenda/{old}.ics").status_code == 404
    assert client.get(f"/replacements/agenda/{new}.ics").status_code == 200
    assert new in client.get("/replacements/mes-missions").get_data(as_text=True)


def test_an_old_mission_leaves_the_feed(client, establishment_a):
    profile = mine_profile()
    mine_assignment(mine_mission(establishment_a, utcnow() - timedelta(days=200),
                                 status="done"), profile, "done", minutes_done=300)
    assert _events(client.get(f"/replacements/agenda/{profile.feed_token}.ics")) == []
