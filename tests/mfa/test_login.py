"""The login with a second factor, through the real pages."""
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import User
from app.extensions import db
from tests.factories import PASSWORD
from tests.mfa.helpers import T0, code, enrol


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def secret(clock, member_a):
    secret, _ = enrol(member_a, T0)
    clock.shift(timedelta(seconds=30))
    return secret


def logins():
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == "login")).all()


def test_password_then_code(client, auth, member_a, secret):
    response = auth.login(member_a)
    assert response.headers["Location"] == "/auth/2fa/verify"
    assert client.get("/auth/2fa/verify").status_code == 200
    response = client.post("/auth/2fa/verify", data={"code": code(secret, T0, 1)})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/members/team").status_code == 200
    assert len(logins()) == 1


def test_the_next_page_survives_the_second_step(client, member_a, secret):
    client.post("/auth/login?next=/members/team",
                data={"email": member_a.email, "password": PASSWORD})
    response = client.post("/auth/2fa/verify", data={"code": code(secret, T0, 1)})
    assert response.headers["Location"] == "/members/team"


@pytest.mark.parametrize("path", ["/members/team", "/cv/", "/auth/2fa", "/auth/password",
                                  "/auth/confirm", "/training/"])
def test_half_logged_in_reaches_nothing(client, auth, member_a, secret, path):
    auth.login(member_a)
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")
    assert logins() == []


def test_a_wrong_code_is_refused_in_french(client, auth, member_a, secret):
    auth.login(member_a)
    response = client.post("/auth/2fa/verify", data={"code": "12345"})
    assert response.status_code == 400
    assert "Code incorrect, expiré ou déjà utilisé." in response.text
    assert client.get("/members/team").status_code == 302


def test_wrong_codes_lock_the_login(client, auth, member_a, secret):
    """The password step is an attempt until the login ends: it and four wrong codes make five."""
    auth.login(member_a)
    for _ in range(4):
        assert client.post("/auth/2fa/verify", data={"code": "000000"}).status_code == 400
    response = client.post("/auth/2fa/verify", data={"code": code(secret, T0, 1)})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.text
    assert auth.login(member_a).status_code == 429


def test_a_replayed_code_is_refused_in_another_session(app, client, auth, member_a, secret):
    auth.login(member_a)
    typed = code(secret, T0, 1)
    assert client.post("/auth/2fa/verify", data={"code": typed}).status_code == 302
    other = app.test_client()
    other.post("/auth/login", data={"email": member_a.email, "password": PASSWORD})
    assert other.post("/auth/2fa/verify", data={"code": typed}).status_code == 400


def test_the_pending_login_expires(client, auth, member_a, secret, clock):
    auth.login(member_a)
    clock.shift(timedelta(minutes=6))
    response = client.post("/auth/2fa/verify", data={"code": code(secret, T0 + timedelta(
        minutes=6), 0)})
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    assert client.get("/members/team").status_code == 302


def test_a_password_change_ends_the_pending_login(client, auth, member_a, secret):
    auth.login(member_a)
    user = db.session.get(User, member_a.id)
    user.end_all_sessions()
    db.session.commit()
    response = client.post("/auth/2fa/verify", data={"code": code(secret, T0, 1)})
    assert response.headers["Location"] == "/auth/login"


def test_a_recovery_code_logs_in_once(client, auth, member_a, clock):
    _, codes = enrol(member_a, T0)
    auth.login(member_a)
    response = client.post("/auth/2fa/verify", data={"code": codes[0]}, follow_redirects=True)
    assert "il vous en reste 9" in response.text
    auth.logout()
    auth.login(member_a)
    assert client.post("/auth/2fa/verify", data={"code": codes[0]}).status_code == 400


def test_accounts_without_a_factor_log_in_with_the_password(client, auth, member_a):
    assert auth.login(member_a).headers["Location"] == "/"
    assert client.get("/members/team").status_code == 200


def test_hostile_codes_and_credentials_in_the_second_step(app, client, auth, member_a, secret):
    from hypothesis import HealthCheck, given, settings, strategies as st
    from tests.holds.test_hostile_input import hostile, _assert_escaped
    from tests.mfa.helpers import passkey
    passkey(member_a)
    auth.login(member_a)
    app.config.update(LOGIN_MAX_FAILURES_PER_ACCOUNT=10**6, LOGIN_MAX_FAILURES_PER_ADDRESS=10**6)

    @settings(max_examples=30, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(["/auth/2fa/verify", "/auth/2fa/verify/passkey"]), hostile)
    def send(path, value):
        sent = {"code": value, "credential": value}
        response = client.post(path, data=sent)
        assert response.status_code == 400, response.text[:300]
        _assert_escaped(response, sent)

    send()
