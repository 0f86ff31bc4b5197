"""Forgotten password: a mailed link that expires and works once."""
import re
from datetime import timedelta

import pytest
import time_machine

from app.auth.models import MailRequest
from app.extensions import db
from app.timeutil import utcnow
from tests import factories

NEW = "un tout nouveau secret"


def reset_link(outbox, user):
    body = outbox.body(outbox.last_to(user.email))
    return re.search(r"http://localhost(/auth/reset/\S+)", body).group(1)


def test_reset_answers_the_same_for_known_and_unknown_emails(client, outbox, candidate):
    known = client.post("/auth/reset", data={"email": candidate.email}, follow_redirects=True)
    unknown = client.post("/auth/reset", data={"email": "x@example.org"}, follow_redirects=True)
    assert known.text == unknown.text
    # The same work on both paths: one mail each (the unknown address is told it has no account).
    assert [(m["To"], m["X-GTEC-Template"]) for m in outbox.messages()] == [
        (candidate.email, "password_reset"), ("x@example.org", "password_reset_unknown")]


def test_a_disabled_account_gets_no_reset_link(client, outbox):
    user = factories.user("candidate", disabled=True)
    client.post("/auth/reset", data={"email": user.email})
    assert outbox.last_to(user.email)["X-GTEC-Template"] == "password_reset_unknown"


@pytest.mark.parametrize("known", [True, False])
def test_resets_of_one_address_are_limited(client, outbox, candidate, known):
    email = candidate.email if known else "nobody@example.org"
    for _ in range(5):
        assert client.post("/auth/reset", data={"email": email}).status_code == 302
    response = client.post("/auth/reset", data={"email": email})
    assert response.status_code == 429 and "Trop de demandes" in response.text
    assert len(outbox.to(email)) == 5
    with time_machine.travel(utcnow() + timedelta(minutes=61)):
        assert client.post("/auth/reset", data={"email": email}).status_code == 302


def test_resets_from_one_client_are_limited(app, client, outbox, candidate):
    for n in range(20):
        client.post("/auth/reset", data={"email": f"guess{n}@example.org"})
    response = client.post("/auth/reset", data={"email": candidate.email})
    assert response.status_code == 429
    other = app.test_client()  # another client is not held back
    response = other.post("/auth/reset", data={"email": candidate.email},
                          environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert response.status_code == 302 and outbox.to(candidate.email)


def test_a_reset_password_may_not_repeat_the_address(client, outbox):
    user = factories.user("candidate", email="marie.lenoir@example.org")
    client.post("/auth/reset", data={"email": user.email})
    response = client.post(reset_link(outbox, user),
                           data={"password": "Marie.Lenoir 1984", "confirm": "Marie.Lenoir 1984"})
    assert response.status_code == 200 and "reprendre votre adresse" in response.text


def test_reset_link_sets_a_new_password_once(client, auth, outbox, candidate):
    client.post("/auth/reset", data={"email": candidate.email})
    link = reset_link(outbox, candidate)
    assert client.post(link, data={"password": NEW, "confirm": NEW}).status_code == 302
    assert auth.login(candidate, NEW).status_code == 302
    auth.logout()
    response = client.post(link, data={"password": NEW + "!", "confirm": NEW + "!"},
                           follow_redirects=True)
    assert "plus valable" in response.text
    assert auth.login(candidate, NEW).status_code == 302


def test_reset_link_expires_after_an_hour(client, outbox, candidate):
    client.post("/auth/reset", data={"email": candidate.email})
    link = reset_link(outbox, candidate)
    with time_machine.travel(utcnow() + timedelta(minutes=61)):
        response = client.get(link, follow_redirects=True)
    assert "plus valable" in response.text


def test_reset_ends_existing_sessions(app, client, auth, outbox, candidate):
    auth.login(candidate)
    thief = app.test_client()
    thief.post("/auth/login", data={"email": candidate.email, "password": factories.PASSWORD})
    client.post("/auth/reset", data={"email": candidate.email})
    client.post(reset_link(outbox, candidate), data={"password": NEW, "confirm": NEW})
    assert thief.get("/auth/password").status_code == 302


def test_a_forged_reset_token_is_refused(client):
    response = client.get("/auth/reset/eyJ1aWQiOjF9.forged.sig", follow_redirects=True)
    assert "plus valable" in response.text


def test_mail_requests_are_forgotten_after_their_window(client, candidate):
    client.post("/auth/reset", data={"email": "typed-by-someone@example.org"})
    with time_machine.travel(utcnow() + timedelta(minutes=61)):
        client.post("/auth/reset", data={"email": candidate.email})
    emails = db.session.scalars(db.select(MailRequest.email)).all()
    assert emails == [candidate.email]
