"""Forgotten password: a mailed link that expires and works once."""
import re
from datetime import timedelta

import time_machine

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
    assert len(outbox.messages()) == 1


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
