"""Web push end to end, without a mock: a real push service on 127.0.0.1 receives what
pywebpush sends, and the test decrypts it with the subscribing browser's private key."""
from dataclasses import dataclass

import pytest
from py_vapid import Vapid02
from py_vapid.jwt import decode
from sqlalchemy import select

from app.extensions import db
from app.push import channel, keys
from app.push.models import PushSubscription
from tests.push.pushservice import Browser


@dataclass
class Message:
    subject: str
    body: str
    url: str | None
    kind: str = "replacements"


MISSION = Message("Mission de remplacement : aide-soignant(e), nuit du 14",
                  "EHPAD Les Tilleuls, Vire — 21 h à 7 h. Répondez depuis la plateforme.",
                  "http://localhost/replacements/missions/12")


def subscribe(client, auth, user, browser):
    auth.login(user)
    response = client.post("/push/subscriptions", json=browser.subscription(),
                           headers={"User-Agent": "Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile"})
    assert response.status_code == 201, response.json
    return response


def rows():
    return db.session.scalars(select(PushSubscription)).all()


def test_a_subscribed_browser_decrypts_title_body_and_link(app, client, auth, candidate,
                                                          push_service, browser):
    subscribe(client, auth, candidate, browser)
    assert channel.reaches(candidate)

    channel.deliver(candidate, MISSION)

    [received] = push_service.received
    assert received.path == "/push/phone"
    assert browser.read(received) == {"title": MISSION.subject, "body": MISSION.body,
                                      "url": MISSION.url}
    assert int(received.headers["ttl"]) == app.config["PUSH_TTL"]
    [row] = rows()
    assert row.last_success_at is not None and row.device == "Chrome · Android"


def test_the_vapid_signature_verifies_with_the_site_public_key(app, client, auth, candidate,
                                                              push_service, browser):
    subscribe(client, auth, candidate, browser)
    channel.deliver(candidate, MISSION)

    header = push_service.received[0].headers["authorization"]
    scheme, params = header.split(" ", 1)
    parts = dict(item.split("=", 1) for item in params.split(","))
    assert scheme == "vapid" and parts["k"] == keys.public_key(app)
    assert Vapid02.verify(header)
    claims = decode(parts["t"], keys.public_key(app))
    assert claims["aud"] == push_service.origin
    assert claims["sub"] == app.config["VAPID_SUBJECT"] == "mailto:no-reply@gtec.invalid"


def test_the_payload_carries_nothing_but_the_message_and_stays_small(app, client, auth, candidate,
                                                                    push_service, browser):
    subscribe(client, auth, candidate, browser)
    channel.deliver(candidate, Message("Alerte " * 100, "Texte très long. " * 500, None))

    shown = browser.read(push_service.received[0])
    assert set(shown) == {"title", "body", "url"} and shown["url"] is None
    assert len(shown["title"]) <= 120 and len(shown["body"]) <= 400
    assert candidate.email not in str(shown) and candidate.last_name not in str(shown)
    assert len(push_service.received[0].body) < 3000


# The push service's answer: whether to try again later, and whether the subscription stays.
ANSWERS = {404: (False, False), 410: (False, False),  # gone: the browser left, or it expired
           500: (True, True), 503: (True, True), 429: (True, True),  # failing for now
           400: (False, True), 403: (False, True), 413: (False, True)}  # refused this push


@pytest.mark.parametrize("status", sorted(ANSWERS))
def test_a_failed_push_is_retried_or_not_and_a_gone_subscription_removed(
        client, auth, candidate, push_service, browser, status):
    subscribe(client, auth, candidate, browser)
    push_service.status = status

    with pytest.raises(channel.ChannelError) as failure:
        channel.deliver(candidate, MISSION)

    retry, kept = ANSWERS[status]
    assert failure.value.retry is retry
    assert [row.last_success_at for row in rows()] == ([None] if kept else [])
    assert channel.reaches(candidate) is kept


def test_a_push_service_that_does_not_answer_in_time_asks_for_a_retry(client, auth, candidate,
                                                                      push_service, browser):
    subscribe(client, auth, candidate, browser)
    push_service.delay = 2  # PUSH_TIMEOUT is 1 s in these tests

    with pytest.raises(channel.ChannelError) as failure:
        channel.deliver(candidate, MISSION)

    assert failure.value.retry is True


def test_a_push_service_refusing_connections_asks_for_a_retry(client, auth, candidate, push_service):
    closed = Browser(push_service.endpoint())
    port = push_service.server.server_port
    subscribe(client, auth, candidate, closed)
    push_service.__exit__(None, None, None)  # nothing listens on the port any more

    with pytest.raises(channel.ChannelError) as failure:
        channel.deliver(candidate, MISSION)

    assert failure.value.retry is True and f":{port}/" in closed.endpoint


def test_one_browser_reached_is_a_delivery_and_the_gone_one_is_forgotten(client, auth, candidate,
                                                                         push_service):
    phone, laptop = Browser(push_service.endpoint("phone")), Browser(push_service.endpoint("gone"))
    subscribe(client, auth, candidate, phone)
    assert client.post("/push/subscriptions", json=laptop.subscription()).status_code == 201
    push_service.statuses["/push/gone"] = 410

    channel.deliver(candidate, MISSION)

    assert [r.endpoint for r in rows()] == [phone.endpoint]
    [reached] = [r for r in push_service.received if r.path == "/push/phone"]
    assert phone.read(reached)["title"] == MISSION.subject


def test_nobody_subscribed_is_not_reached(candidate):
    assert not channel.reaches(candidate)
    with pytest.raises(channel.ChannelError) as failure:
        channel.deliver(candidate, MISSION)
    assert failure.value.retry is False


def test_a_disabled_account_is_not_reached(client, auth, candidate, browser):
    subscribe(client, auth, candidate, browser)
    candidate.disabled = True
    db.session.commit()
    assert not channel.reaches(candidate)


def test_the_channel_names_itself_in_french():
    assert channel.NAME == "push"
    assert str(channel.LABEL) == "Notification sur ce téléphone"


def test_a_push_service_sending_elsewhere_is_not_followed(client, auth, candidate, push_service, browser):
    subscribe(client, auth, candidate, browser)
    push_service.status = 307  # a POST would follow a 307 with its body, to any address

    with pytest.raises(channel.ChannelError) as failure:
        channel.deliver(candidate, MISSION)

    assert failure.value.retry is False and len(push_service.received) == 1
