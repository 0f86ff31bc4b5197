"""One declaration, read the same way in Python and in SQL: public, open, closed, editable."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.pool import queries
from app.pool.lifecycle import VACANCY
from app.pool.models import Vacancy
from app.timeutil import local_today
from tests import factories

TODAY = local_today()
# Every state, with expiry dates on each side of today (and none where a state allows it).
DATES = [TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=1), None]


@pytest.fixture
def every_kind(establishment_a):
    """One vacancy per state and expiry date, keyed by (state, date)."""
    made = {}
    for status in VACANCY.states:
        for day in DATES:
            if day is None and status == "published":
                continue  # the database refuses a published vacancy without an expiry date
            made[status, day] = factories.vacancy(establishment_a, status, expires_on=day).id
    db.session.expire_all()
    return made


def _in_python(made, attribute):
    vacancies = db.session.scalars(select(Vacancy).where(Vacancy.id.in_(made.values())))
    return {vacancy.id for vacancy in vacancies if getattr(vacancy, attribute)}


def test_public_is_the_same_vacancies_in_python_and_in_sql(every_kind):
    expected = {every_kind["published", TODAY], every_kind["published", DATES[2]]}
    assert _in_python(every_kind, "is_public") == expected
    assert set(db.session.scalars(select(Vacancy.id).where(Vacancy.is_public))) == expected
    assert {vacancy.id for vacancy in db.session.scalars(queries.public())} == expected


@pytest.mark.parametrize("group", ["open", "closed", "editable"])
def test_groups_are_the_same_vacancies_in_python_and_in_sql(every_kind, group):
    expected = {ident for (status, _day), ident in every_kind.items()
                if status in VACANCY.group(group)}
    attribute = f"is_{group}"
    assert expected and _in_python(every_kind, attribute) == expected
    sql = db.session.scalars(select(Vacancy.id).where(getattr(Vacancy, attribute)))
    assert set(sql) == expected


def test_the_daily_job_expires_exactly_what_is_no_longer_public(every_kind):
    from app.pool import expiry
    assert expiry.expire_due() == 1
    db.session.expire_all()
    assert db.session.get(Vacancy, every_kind["published", DATES[0]]).status == "expired"
    still = [every_kind["published", TODAY], every_kind["published", DATES[2]]]
    assert [db.session.get(Vacancy, ident).status for ident in still] == ["published"] * 2
