"""Registering, logging in and out, passwords, sessions."""
import re

import pytest
import time_machine
from datetime import timedelta

from app.auth import signup
from app.auth.models import LoginFailure, MailRequest, Signup, User
from app.auth.passwords import hash_password
from app.extensions import db
from app.timeutil import utcnow
from tests import factories

GOOD = "les pommes du bocage"


def count(model):
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def register(client, **overrides):
    data = {"first_name": "Julie", "last_name": "Lefèvre", "email": "Julie@Example.org ",
            "password": GOOD, "confirm": GOOD, "consent": "y"}
    data.update(overrides)
    return client.post("/auth/register", data=data)


def confirm_link(outbox, email):
    body = outbox.body(outbox.last_to(email))
    return re.search(r"http://localhost(/auth/confirm/\S+)", body).group(1)


def test_register_mails_a_link_that_creates_the_logged_in_candidate(client, outbox):
    response = register(client)
    assert response.status_code == 302
    assert count(User) == 0  # nothing exists before the address's owner opens the link
    link = confirm_link(outbox, "julie@example.org")
    assert "créer votre compte candidat" in client.get(link).text
    assert count(User) == 0  # opening the link (a mail scanner does) creates nothing
    assert client.post(link).status_code == 302
    user = db.session.scalar(db.select(User))
    assert (user.email, user.role, user.first_name) == ("julie@example.org", "candidate", "Julie")
    assert user.consent_at is not None
    assert user.password_hash.startswith("$argon2id$")
    assert client.get("/auth/password").status_code == 200
    assert count(Signup) == 0


def test_a_used_sign_up_link_says_the_account_exists(client, outbox):
    register(client)
    register(client)  # two links for one address: the first opened wins
    first, second = [re.search(r"http://localhost(/auth/confirm/\S+)", outbox.body(m)).group(1)
                     for m in outbox.to("julie@example.org")]
    client.post(second)
    for link in (first, second):
        response = client.post(link, follow_redirects=True)
        assert "Un compte existe déjà pour cette adresse : connectez-vous" in response.text
    assert count(User) == 1


def test_a_sign_up_link_expires_after_a_day(client, outbox):
    register(client)
    link = confirm_link(outbox, "julie@example.org")
    with time_machine.travel(utcnow() + timedelta(hours=25)):
        response = client.post(link, follow_redirects=True)
    assert "plus valable" in response.text and count(User) == 0


def test_the_daily_purge_forgets_expired_sign_ups_and_old_attempts(app, runner, client, outbox):
    """An address nobody confirmed, or typed in a form, is not kept past its use."""
    register(client)
    register(client, email="autre@example.org")
    assert count(Signup) == 2 and count(MailRequest) == 2
    with time_machine.travel(utcnow() + timedelta(hours=2)):
        runner.invoke(args=["purge"])
    assert count(Signup) == 2 and count(MailRequest) == 0  # the links still work for a day
    with time_machine.travel(utcnow() + timedelta(hours=25)):
        result = runner.invoke(args=["purge"])
    assert result.exit_code == 0 and "signups : 2" in result.output and count(Signup) == 0


@pytest.mark.parametrize("overrides, message", [
    ({"consent": ""}, "Votre accord est nécessaire"),
    ({"password": "court", "confirm": "court"}, "au moins 12 caractères"),
    ({"password": "motdepasse123", "confirm": "motdepasse123"}, "trop courant"),
    ({"password": "azertyuiop2026!", "confirm": "azertyuiop2026!"}, "trop courant"),
    ({"password": "julie@example.org", "confirm": "julie@example.org"}, "reprendre votre adresse"),
    ({"password": "Le jardin de JULIE 2026", "confirm": "Le jardin de JULIE 2026"},
     "reprendre votre adresse"),
    ({"password": "gtec du bocage", "confirm": "gtec du bocage"}, "nom de la plateforme"),
    ({"password": "mon g.t.e.c préféré", "confirm": "mon g.t.e.c préféré"},
     "nom de la plateforme"),
    ({"confirm": "autre chose encore"}, "Les deux mots de passe diffèrent"),
    ({"email": "pas-une-adresse"}, "Adresse e-mail invalide"),
    ({"first_name": "<script>alert(1)</script>"}, "ne sont pas acceptés"),
    ({"last_name": ""}, "Ce champ est obligatoire"),
    ({"last_name": "x" * 101}, "100 caractères au plus"),
])
def test_register_refuses_bad_input_with_a_french_message(client, outbox, overrides, message):
    response = register(client, **overrides)
    assert response.status_code == 200
    assert message in response.text
    assert count(User) == count(Signup) == 0 and outbox.messages() == []


def test_register_answers_a_taken_email_as_a_new_one(client, outbox, candidate, monkeypatch):
    hashed = []
    monkeypatch.setattr(signup, "hash_password", lambda p: hashed.append(p) or hash_password(p))
    taken = register(client, email=candidate.email.upper())
    taken_page = client.get(taken.headers["Location"]).text
    free = register(client, email="someone.new@example.org")
    free_page = client.get(free.headers["Location"]).text
    assert taken.status_code == free.status_code == 302
    assert "envoyé à someone.new@example.org" in free_page
    assert taken_page.replace(candidate.email, "someone.new@example.org") == free_page
    assert hashed == [GOOD, GOOD]  # the same work on both paths
    assert [m["X-GTEC-Template"] for m in outbox.messages()] == ["account_exists", "signup_confirm"]
    assert count(User) == 1 and count(Signup) == 1
    # The password just chosen opens nothing: no account was made for the taken address.
    assert client.post("/auth/login", data={"email": candidate.email,
                                            "password": GOOD}).status_code == 200


def test_the_owner_of_a_taken_address_is_told_how_to_log_in(client, outbox, candidate):
    register(client, email=candidate.email)
    body = outbox.body(outbox.last_to(candidate.email))
    assert "Vous en avez déjà un" in body and "/auth/reset" in body


def test_sign_up_mails_to_one_address_are_limited(client, outbox):
    for _ in range(5):
        assert register(client).status_code == 302
    response = register(client)
    assert response.status_code == 429 and "Trop de demandes" in response.text
    assert len(outbox.messages()) == 5
    with time_machine.travel(utcnow() + timedelta(minutes=61)):
        assert register(client).status_code == 302


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
