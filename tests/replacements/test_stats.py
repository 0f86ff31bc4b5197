"""Missions on the staff dashboard and, small counts hidden, on the observatoire."""
from datetime import timedelta

import pytest

from app.extensions import db
from app.staff import dashboard, indicators
from app.timeutil import utcnow
from tests.replacements.factories import mine_assignment, mine_mission, mine_profile


def _missions(establishment, done):
    """`done` missions done this month (filled 3 h after posting, 7 h 30 each) and an
    open one."""
    start = utcnow().replace(day=1, hour=6, minute=0, second=0, microsecond=0)
    for i in range(done):
        mission = mine_mission(establishment, start + timedelta(hours=i), status="done",
                               published_at=start - timedelta(hours=5))
        mission.filled_at = start - timedelta(hours=2)
        mine_assignment(mission, mine_profile(), "done", minutes_done=450)
    mine_mission(establishment, start, published_at=start - timedelta(hours=1))
    db.session.commit()
    return f"{start:%Y-%m}"


def _row(rows, month):
    return next(row for row in rows if row["month"] == month)


def test_the_monthly_mission_figures(app, establishment_a):
    month = _missions(establishment_a, 6)
    row = _row(indicators.monthly(), month)
    assert (row["missions_posted"], row["missions_filled"], row["missions_done"]) == (7, 6, 6)
    assert row["mission_fill_hours"] == pytest.approx(3.0)
    assert row["mission_hours"] == 45.0


def test_the_observatoire_hides_the_hours_of_few_people(client, establishment_a):
    month = _missions(establishment_a, 3)
    row = _row(dashboard.public_monthly(), month)
    assert row["mission_hours"] == "< 5" and row["mission_fill_hours"] == "< 5"
    assert row["missions_posted"] == "< 5"
    html = client.get("/observatoire").get_data(as_text=True)
    assert "Heures de remplacement réalisées" in html and "22.5" not in html


def test_the_dashboard_shows_them(client, auth, staff, establishment_a):
    _missions(establishment_a, 6)
    auth.login(staff)
    html = client.get("/staff/dashboard").get_data(as_text=True)
    assert "Missions de remplacement publiées" in html and "45.0" in html
    csv = client.get("/staff/dashboard/monthly.csv").get_data(as_text=True)
    assert "Missions pourvues" in csv
