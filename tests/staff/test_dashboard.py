"""Dashboard, observatoire (no figure below 5), and bounded SQL per page."""
import re
from datetime import timedelta

import pytest

from app.extensions import db
from app.staff import dashboard
from app.timeutil import utcnow
from tests import factories
from tests.queries import count_queries
from tests.staff.conftest import waiting_items


def _activity(establishment_a, member_a, n):
    """n published vacancies with an application each, n filled ones, n CVs, a session."""
    other = factories.establishment()
    for i in range(n):
        shared = ((other, 40, True),) if i % 2 else ()
        vacancy = factories.vacancy(establishment_a, status="published", co_employers=shared,
                                    occupation="J1501" if i % 3 else "J1506")
        factories.application(factories.user("candidate"), vacancy)
        filled = factories.vacancy(establishment_a, status="filled")
        filled.published_at = utcnow() - timedelta(days=10 + i)
        factories.cv_profile(with_file=False)
    session = factories.training_session(organiser=establishment_a, created_by=member_a,
                                         days_ahead=-2, seats_open=max(n, 1), seats_total=n + 1)
    factories.seat_booking(session, member_a, names=[f"Salarié {i}" for i in range(n)])
    db.session.commit()


def test_the_dashboard_draws_its_charts_as_svg(client, auth, staff, establishment_a, member_a):
    _activity(establishment_a, member_a, 6)
    auth.login(staff)
    html = client.get("/staff/dashboard").get_data(as_text=True)
    assert html.count("<svg") == 11
    assert "Aide-soignant" in html and "style=" not in html
    # Charts need no script: the only ones are the site's own files (service worker, filters).
    assert re.findall(r"<script(?![^>]*\bsrc=\"/static/)", html) == []


@pytest.mark.parametrize("name", ["occupations", "applications", "cv", "monthly"])
def test_each_table_is_exported_as_csv(client, auth, staff, establishment_a, member_a, name):
    _activity(establishment_a, member_a, 6)
    auth.login(staff)
    response = client.get(f"/staff/dashboard/{name}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert len(response.get_data(as_text=True).strip().splitlines()) >= 2


def test_the_monthly_figures(app, establishment_a, member_a):
    _activity(establishment_a, member_a, 6)
    rows = dashboard.indicators.monthly()
    this_month = rows[-1]
    assert sum(row["published"] for row in rows) == 12  # the open and the filled ones
    assert this_month["applications"] == 6
    assert this_month["filled"] == 6 and this_month["median_days"] == pytest.approx(12.5, abs=0.2)
    assert this_month["shared"] == 3 and this_month["shared_fte"] == 300


def test_small_counts_are_hidden_from_the_public(app, client, establishment_a, member_a):
    _activity(establishment_a, member_a, 3)
    factories.vacancy(establishment_a, status="published", occupation="K1302")
    for _ in range(5):
        factories.vacancy(establishment_a, status="published", occupation="J1301")
    html = client.get("/observatoire").get_data(as_text=True)
    assert client.get("/observatoire").status_code == 200
    assert "&lt; 5" in html
    cells = re.findall(r"<td>([^<]*)</td>", html)
    figures = [int(c) for c in cells if c.strip().isdigit()]
    assert all(value >= 5 or value == 0 for value in figures) or figures == []
    assert not [c for c in cells if c.strip().isdigit() and 0 < int(c) < 5]
    svg_values = re.findall(r'class="chart-value">([^<]*)<', html)
    assert "5" in svg_values  # the five J1301 vacancies
    assert not [v for v in svg_values if v.strip().isdigit() and int(v) < 5]


def test_hide_small():
    assert dashboard.hide_small(4) == "< 5" and dashboard.hide_small(0) == "< 5"
    assert dashboard.hide_small(5) == 5
    assert dashboard.hide_small(12.5, basis=3) == "< 5"


def _queries_of(client, url):
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def _queue(establishment_a, member_a, n):
    for _ in range(n):
        waiting_items(establishment_a, member_a, requester_email=None)
        factories.vacancy(factories.establishment(), status="pending", author=member_a,
                          co_employers=((establishment_a, 30, True),))


@pytest.mark.parametrize("url, fill", [("/staff/", _queue), ("/staff/dashboard", _activity),
                                       ("/observatoire", _activity)])
def test_a_page_issues_as_many_queries_for_5_items_as_for_50(client, auth, staff,
                                                              establishment_a, member_a,
                                                              url, fill):
    auth.login(staff)
    fill(establishment_a, member_a, 5)
    few = _queries_of(client, url)
    fill(establishment_a, member_a, 45)
    assert _queries_of(client, url) == few
