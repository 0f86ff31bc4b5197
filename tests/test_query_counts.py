"""List pages issue as many SQL queries for 6 rows as for 2: no query per row."""
import pytest

from tests import factories
from tests.queries import count_queries


def _vacancies(ctx, n):
    for _ in range(n):
        other = factories.establishment()
        factories.vacancy(ctx["establishment_a"], status="published",
                          co_employers=((other, 30, True),))


def _sessions(ctx, n):
    for _ in range(n):
        factories.training_session(organiser=factories.establishment())


def _bookings(ctx, n):
    for _ in range(n):
        session = factories.training_session(organiser=factories.establishment())
        factories.seat_booking(session, ctx["member_a"], names=("Marie Durand", "Paul Roy"))


def _bookings_received(ctx, n):
    for _ in range(n):
        member = factories.user("member", establishment=factories.establishment())
        factories.seat_booking(ctx["session"], member, names=("Marie Durand", "Paul Roy"))


def _establishments(ctx, n):
    for _ in range(n):
        place = factories.establishment()
        factories.user("member", establishment=place)
        factories.user("member", establishment=place)


def _applications(ctx, n):
    for _ in range(n):
        candidate = factories.user("candidate")
        factories.cv_profile(candidate)
        factories.application(candidate, ctx["vacancy"])


PAGES = [
    ("anonymous", "/pool/", _vacancies),
    ("anonymous", "/pool/?q=soignant", _vacancies),
    ("member_a", "/pool/mine", _vacancies),
    ("member_a", "/search?q=soignant", _vacancies),
    ("member_a", "/training/", _sessions),
    ("member_a", "/search?q=formation&kind=training", _sessions),
    ("member_a", "/training/bookings", _bookings),
    ("member_a", "/training/{session}/bookings", _bookings_received),
    ("member_a", "/cv/applications/vacancy/{vacancy}", _applications),
    ("staff", "/staff/establishments", _establishments),
]


@pytest.fixture
def ctx(establishment_a, member_a, staff):
    session = factories.training_session(organiser=establishment_a, created_by=member_a,
                                         seats_total=20, seats_open=20)
    vacancy = factories.vacancy(establishment_a, status="published")
    return {"establishment_a": establishment_a, "member_a": member_a, "staff": staff,
            "session": session, "vacancy": vacancy}


def _count(client, url):
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


@pytest.mark.parametrize(("who", "path", "fill"), PAGES, ids=[p for _, p, _ in PAGES])
def test_a_list_page_issues_as_many_queries_for_6_rows_as_for_2(client, auth, ctx, who, path,
                                                                fill):
    if who != "anonymous":
        auth.login(ctx[who])
    url = path.format(session=ctx["session"].id, vacancy=ctx["vacancy"].id)
    fill(ctx, 2)
    few = _count(client, url)
    fill(ctx, 4)
    assert _count(client, url) == few


@pytest.mark.parametrize("kind", ["vacancy", "training"])
def test_rebuilding_the_index_issues_as_many_queries_for_6_objects_as_for_2(ctx, kind):
    from app import indexing
    fill = {"vacancy": _vacancies, "training": _sessions}[kind]

    def count():
        with count_queries() as statements:
            indexing.rebuild(indexing.KINDS[kind])
        return len(statements)
    fill(ctx, 2)
    few = count()
    fill(ctx, 4)
    assert count() == few
