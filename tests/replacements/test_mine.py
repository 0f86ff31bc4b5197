"""'Mes missions': coming and past, hours per employer and month, the CSV export."""
from datetime import datetime, timedelta, timezone

from app.replacements import stats
from app.timeutil import utcnow
from tests.replacements.factories import mine_assignment, mine_mission, mine_profile


def _history(establishment_a, establishment_b):
    """A professional with a coming mission, two done in one month for two employers,
    a withdrawal, and another person's mission."""
    profile = mine_profile()
    march = datetime(2026, 3, 10, 6, 0, tzinfo=timezone.utc)
    coming = mine_mission(establishment_a, utcnow() + timedelta(days=3), hours=(8, 8))
    done_a = mine_mission(establishment_a, march, status="done")
    done_b = mine_mission(establishment_b, march + timedelta(days=5), status="done")
    withdrawn = mine_mission(establishment_b, utcnow() + timedelta(days=9))
    mine_assignment(coming, profile, "booked")
    mine_assignment(done_a, profile, "done", minutes_done=450)
    mine_assignment(done_b, profile, "done", minutes_done=480)
    mine_assignment(withdrawn, profile, "withdrawn")
    other = mine_mission(establishment_a, march, status="done")
    mine_assignment(other, mine_profile(), "done", minutes_done=600)
    return profile


def test_hours_per_employer_and_month(app, establishment_a, establishment_b):
    profile = _history(establishment_a, establishment_b)
    rows = stats.hours_by_employer_month(stats.assignments_of(profile))
    this_month = f"{utcnow() + timedelta(days=3):%Y-%m}"
    assert (this_month, establishment_a.name, 0, 15.0) in rows  # two 8 h shifts less breaks
    assert ("2026-03", establishment_a.name, 7.5, 0) in rows
    assert ("2026-03", establishment_b.name, 8.0, 0) in rows
    assert len(rows) == 3  # the withdrawal holds no hours; the other person's are not here


def test_the_page_splits_coming_and_past(client, auth, establishment_a, establishment_b):
    profile = _history(establishment_a, establishment_b)
    auth.login(profile.user)
    html = client.get("/replacements/mes-missions").get_data(as_text=True)
    coming, past = html.split("Passées")[0], html.split("Passées")[1].split("Heures par")[0]
    assert coming.count('class="card"') == 1  # a withdrawal is over, even if to come
    assert "Retenu(e)" in coming and "15 h · 2 postes" in coming
    assert past.count('class="card"') == 3 and "Désisté(e)" in past
    assert profile.feed_token in html


def test_the_csv_lists_each_mission_with_its_hours(client, auth, establishment_a,
                                                   establishment_b):
    profile = _history(establishment_a, establishment_b)
    auth.login(profile.user)
    response = client.get("/replacements/mes-missions.csv")
    lines = response.get_data(as_text=True).lstrip("\ufeff").strip().splitlines()
    assert response.mimetype == "text/csv" and len(lines) == 5
    assert lines[0].startswith("Mission;Établissement")
    assert any(line.endswith(";Réalisée;7,50") for line in lines)


def test_a_candidate_outside_the_pool_sees_an_empty_page(client, auth, candidate):
    auth.login(candidate)
    html = client.get("/replacements/mes-missions").get_data(as_text=True)
    assert "pas encore dans le vivier" in html
    response = client.get("/replacements/mes-missions.csv")
    assert len(response.get_data(as_text=True).strip().splitlines()) == 1
