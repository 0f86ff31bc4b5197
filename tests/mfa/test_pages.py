"""The account's security page: adding, replacing and removing factors."""
import re
from datetime import timedelta

import pytest
import time_machine

from app.mfa import policy, recovery, totp
from tests.factories import PASSWORD
from tests.mfa.helpers import T0, code, enrol, passkey


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def test_the_setup_page_draws_the_qr_code_on_the_server(clock, client, auth, candidate):
    auth.login(candidate)
    page = client.get("/auth/2fa/totp")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert 'src="data:image/svg+xml' in page.text
    secret = totp.secret_of(totp.factor_of(candidate.id, confirmed=False))
    assert " ".join(secret[i:i + 4] for i in range(0, 32, 4)) in page.text
    # Drawn on the server: no script but the site's own files linked on every page.
    assert re.findall(r"<script(?![^>]*\bsrc=\"/static/)", page.text) == []


def test_changing_factors_later_asks_the_password_again(clock, client, auth, member_a):
    auth.login(member_a)
    clock.shift(timedelta(minutes=6))
    assert client.get("/auth/2fa").status_code == 200
    response = client.get("/auth/2fa/totp")
    assert response.headers["Location"] == "/auth/confirm?next=/auth/2fa/totp"
    response = client.post("/auth/2fa/totp/remove", headers={"Referer": "http://localhost/auth/2fa"})
    assert response.headers["Location"] == "/auth/confirm?next=/auth/2fa"
    client.post("/auth/confirm?next=/auth/2fa/totp", data={"password": PASSWORD})
    assert client.get("/auth/2fa/totp").status_code == 200


def test_a_new_app_replaces_the_old_one(clock, client, auth, member_a):
    old, codes = enrol(member_a, T0)
    clock.shift(timedelta(seconds=30))
    auth.login(member_a)
    client.post("/auth/2fa/verify", data={"code": code(old, T0, 1)})
    client.get("/auth/2fa/totp")
    new = totp.secret_of(totp.factor_of(member_a.id, confirmed=False))
    response = client.post("/auth/2fa/totp", data={"code": code(new, T0, 1)})
    assert response.headers["Location"] == "/auth/2fa"  # codes kept: none shown
    assert totp.secret_of(totp.factor_of(member_a.id)) == new
    assert recovery.remaining(member_a.id) == 10


def test_new_recovery_codes_from_the_page(clock, client, auth, candidate):
    enrol(candidate, T0)
    client.post("/auth/login", data={"email": candidate.email, "password": PASSWORD})
    client.post("/auth/2fa/verify", data={"code": code(
        totp.secret_of(totp.factor_of(candidate.id)), T0, 1)})
    response = client.post("/auth/2fa/recovery")
    assert response.status_code == 200 and response.text.count("<li><code>") == 10


def test_the_owner_removes_a_passkey(client, auth, candidate):
    key = passkey(candidate)
    client.post("/auth/login", data={"email": candidate.email, "password": PASSWORD})
    # A passkey alone cannot be used without a browser here: use a recovery code.
    from app.mfa import services
    codes = services.regenerate_recovery(candidate)
    client.post("/auth/2fa/verify", data={"code": codes[0]})
    response = client.post(f"/auth/2fa/passkeys/{key.id}/remove", follow_redirects=True)
    assert "Second facteur retiré." in response.text
    assert not policy.has_factor(candidate.id)
