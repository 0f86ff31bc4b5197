"""The member's planning: the week of its missions, the fill rate and the time to fill
(r-member)."""
from datetime import time, timedelta

from app.extensions import db
from app.replacements.mission_queries import figures
from app.timeutil import local_today, to_utc
from tests.replacements import factories

URL = "/replacements/manage/planning"


def _next_monday():
    today = local_today()
    return today + timedelta(days=7 - today.weekday())


def _at(day, hour):
    return to_utc(day, time(hour))


def test_the_week_shows_its_missions_by_day_with_its_figures(client, auth, member_a,
                                                            establishment_a, establishment_b):
    monday = _next_monday()
    made = {}
    for status, day, site in (("open", 0, "Aile Nord"), ("filled", 2, "Aile Sud"),
                              ("cancelled", 3, "Accueil de jour")):
        start = _at(monday + timedelta(days=day), 7) - factories.utcnow()
        made[status] = factories.posted_mission(establishment_a, status=status, start_in=start,
                                                site=site)
    filled = made["filled"]
    filled.filled_at = filled.published_at + timedelta(minutes=95)
    db.session.commit()
    factories.posted_mission(establishment_b, site="Ailleurs",
                             start_in=_at(monday, 9) - factories.utcnow())
    factories.posted_mission(establishment_a, site="La semaine d'après",
                             start_in=_at(monday + timedelta(days=7), 9) - factories.utcnow())
    auth.login(member_a)
    page = client.get(URL, query_string={"week": (monday + timedelta(days=3)).isoformat()}).text
    assert page.index("Aile Nord") < page.index("Aile Sud") < page.index("Accueil de jour")
    assert "Ailleurs" not in page and "La semaine d&#39;après" not in page
    assert "50 %" in page  # one filled of the two not cancelled
    assert "1 h 35" in page


def test_an_unreadable_week_shows_this_week(client, auth, member_a):
    auth.login(member_a)
    response = client.get(URL, query_string={"week": "2026-13-45"})
    assert response.status_code == 200


def test_figures_count_done_as_filled_and_leave_out_cancelled(app, establishment_a):
    rows = [factories.posted_mission(establishment_a, status=status)
            for status in ("open", "done", "unfilled", "cancelled")]
    assert figures(rows)["fill_rate"] == 33
    assert figures(rows)["time_to_fill"] is None
    assert figures([])["fill_rate"] is None
