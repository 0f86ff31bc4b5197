"""Idle sessions of members and staff end; the password is asked again before exports."""
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from app.auth.models import LoginFailure
from app.extensions import db
from tests.factories import PASSWORD
from tests.mfa.helpers import T0


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.mark.parametrize("role, path", [("member_a", "/members/team"), ("staff", "/staff/")])
def test_members_and_staff_are_logged_out_after_30_idle_minutes(clock, request, client, auth,
                                                                role, path):
    auth.login(request.getfixturevalue(role))
    clock.shift(timedelta(minutes=29))
    assert client.get(path).status_code == 200  # activity: the half hour starts again
    clock.shift(timedelta(minutes=29))
    assert client.get(path).status_code == 200
    clock.shift(timedelta(minutes=31))
    response = client.get(path)
    assert response.headers["Location"] == f"/auth/login?next={path}"
    page = client.get(response.headers["Location"])
    assert "Votre session a expiré après 30 minutes sans activité" in page.text
    assert client.get(path).status_code == 302


def test_candidates_keep_their_session(clock, client, auth, candidate):
    auth.login(candidate)
    clock.shift(timedelta(hours=2))
    assert client.get("/cv/me").status_code == 200


def test_export_just_after_login_needs_no_second_password(clock, client, auth, candidate):
    auth.login(candidate)
    assert client.get("/cv/me/export").status_code == 200


@pytest.mark.parametrize("role, path", [
    ("candidate", "/cv/me/export"), ("staff", "/staff/audit.csv?action=login")])
def test_a_later_export_asks_the_password_again(clock, request, client, auth, role, path):
    auth.login(request.getfixturevalue(role))
    clock.shift(timedelta(minutes=6))
    response = client.get(path)
    assert response.status_code == 302
    confirm = response.headers["Location"]
    assert confirm.startswith("/auth/confirm?next=")
    assert client.get(confirm).status_code == 200
    wrong = client.post(confirm, data={"password": "not the password at all"})
    assert wrong.status_code == 400 and "Mot de passe incorrect." in wrong.text
    assert db.session.scalar(select(func.count(LoginFailure.id))) == 1
    right = client.post(confirm, data={"password": PASSWORD})
    assert right.headers["Location"] == path
    assert client.get(path).status_code == 200
    clock.shift(timedelta(minutes=6))
    assert client.get(path).status_code == 302


def test_the_bookings_export_asks_the_password_again(clock, client, auth, member_a):
    from tests import factories
    session = factories.training_session(member_a.establishment)
    auth.login(member_a)
    clock.shift(timedelta(minutes=6))
    path = f"/training/{session.id}/bookings.csv"
    assert client.get(path).headers["Location"].startswith("/auth/confirm?next=")
    client.post(f"/auth/confirm?next={path}", data={"password": PASSWORD})
    assert client.get(path).status_code == 200


def test_wrong_passwords_again_lock_the_account(clock, client, auth, candidate):
    auth.login(candidate)
    for _ in range(5):
        client.post("/auth/confirm", data={"password": "not the password at all"})
    response = client.post("/auth/confirm", data={"password": PASSWORD})
    assert response.status_code == 429


def test_confirming_goes_only_to_this_site(clock, client, auth, candidate):
    auth.login(candidate)
    response = client.post("/auth/confirm?next=https://evil.example/x", data={"password": PASSWORD})
    assert response.headers["Location"] == "/auth/2fa"
