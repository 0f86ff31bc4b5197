"""Registering, logging in and out, passwords, sessions."""
import pytest
import time_machine
from datetime import timedelta

from app.auth.models import LoginFailure, User
from app.extensions import db
from app.timeutil import utcnow
from tests import factories

GOOD = "les pommes du bocage"


def register(client, **overrides):
    data = {"first_name": "Julie", "last_name": "Lefèvre", "email": "Julie@Example.org ",
            "password": GOOD, "confirm": GOOD, "consent": "y"}
    data.update(overrides)
    return client.post("/auth/register", data=data)


def test_register_creates_a_logged_in_candidate(client):
    response = register(client)
    assert response.status_code == 302
    user = db.session.scalar(db.select(User))
    assert (user.email, user.role) == ("julie@example.org", "candidate")
    assert user.consent_at is not None
    assert user.password_hash.startswith("$argon2id$")
    assert client.get("/auth/password").status_code == 200


@pytest.mark.parametrize("overrides, message", [
    ({"consent": ""}, "Votre accord est nécessaire"),
    ({"password": "court", "confirm": "court"}, "au moins 12 caractères"),
    ({"password": "motdepasse123", "confirm": "motdepasse123"}, "trop courant"),
    ({"password": "azertyuiop2026!", "confirm": "azertyuiop2026!"}, "trop courant"),
    ({"confirm": "autre chose encore"}, "Les deux mots de passe diffèrent"),
    ({"email": "pas-une-adresse"}, "Adresse e-mail invalide"),
    ({"first_name": "<script>alert(1)</script>"}, "ne sont pas acceptés"),
    ({"last_name": ""}, "Ce champ est obligatoire"),
    ({"last_name": "x" * 101}, "100 caractères au plus"),
])
def test_register_refuses_bad_input_with_a_french_message(client, overrides, message):
    response = register(client, **overrides)
    assert response.status_code == 200
    assert message in response.text
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_register_refuses_a_taken_email(client, candidate):
    response = register(client, email=candidate.email.upper())
    assert "Un compte existe déjà" in response.text
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1


def test_consent_box_is_not_ticked_by_default(client):
    html = client.get("/auth/register").text
    assert 'name="consent"' in html and "checked" not in html.split('name="consent"')[1][:60]


def test_login_answers_the_same_for_unknown_email_and_wrong_password(client, candidate):
    unknown = client.post("/auth/login", data={"email": "nobody@example.org", "password": GOOD})
    wrong = client.post("/auth/login", data={"email": candidate.email, "password": GOOD})
    assert unknown.status_code == wrong.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect" in unknown.text
    assert unknown.text.replace("nobody@example.org", candidate.email) == wrong.text


def test_login_redirects_to_next_only_on_site(client, auth, candidate):
    response = client.post("/auth/login?next=/auth/password",
                           data={"email": candidate.email, "password": factories.PASSWORD})
    assert response.headers["Location"] == "/auth/password"
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"):
        auth.logout()
        response = client.post(f"/auth/login?next={target}",
                               data={"email": candidate.email, "password": factories.PASSWORD})
        assert response.headers["Location"] == "/"


def test_staff_land_on_the_back_office(auth, staff):
    assert auth.login(staff).headers["Location"] == "/staff/"


def test_repeated_failures_on_an_account_are_refused_with_429(client, auth, candidate):
    for _ in range(5):
        assert auth.login(candidate, "wrong password here").status_code == 200
    response = auth.login(candidate)  # even the right password now waits
    assert response.status_code == 429
    assert "Trop de tentatives" in response.text
    with time_machine.travel(utcnow() + timedelta(minutes=16)):
        assert auth.login(candidate).status_code == 302


def test_repeated_failures_from_one_address_are_refused(app, client, candidate):
    for n in range(20):
        client.post("/auth/login", data={"email": f"guess{n}@example.org", "password": GOOD})
    response = client.post("/auth/login",
                           data={"email": candidate.email, "password": factories.PASSWORD})
    assert response.status_code == 429


def test_success_clears_the_account_failures(auth, candidate):
    auth.login(candidate, "wrong password here")
    auth.login(candidate)
    count = db.session.scalar(db.select(db.func.count(LoginFailure.id))
                              .where(LoginFailure.email == candidate.email))
    assert count == 0


def test_disabled_account_cannot_log_in(auth):
    user = factories.user("candidate", disabled=True)
    response = auth.login(user)
    assert response.status_code == 200 and "désactivé" in response.text


def test_logout_is_a_post_and_kills_a_copied_cookie(app, client, auth, candidate):
    auth.login(candidate)
    stolen = app.test_client()
    stolen.set_cookie("session", client.get_cookie("session").value)
    assert stolen.get("/auth/password").status_code == 200
    assert client.get("/auth/logout").status_code == 405
    assert auth.logout().status_code == 302
    assert stolen.get("/auth/password").status_code == 302


def test_password_change_ends_other_sessions_but_keeps_this_one(app, client, auth, candidate):
    auth.login(candidate)
    other = app.test_client()
    AuthOther = type(auth)(other)
    AuthOther.login(candidate)
    response = client.post("/auth/password", data={
        "current": factories.PASSWORD, "password": "un nouveau mot de passe", "confirm": "un nouveau mot de passe"})
    assert response.status_code == 302
    assert client.get("/auth/password").status_code == 200
    assert other.get("/auth/password").status_code == 302


def test_password_change_needs_the_current_password(client, auth, candidate):
    auth.login(candidate)
    response = client.post("/auth/password", data={
        "current": "pas le bon du tout", "password": "un nouveau mot de passe",
        "confirm": "un nouveau mot de passe"})
    assert "Le mot de passe actuel est incorrect" in response.text


def test_session_cookie_flags(client, auth, candidate):
    response = auth.login(candidate)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    response = client.post("/auth/login", base_url="https://localhost",
                           data={"email": candidate.email, "password": factories.PASSWORD})
    assert "Secure" in response.headers["Set-Cookie"]
