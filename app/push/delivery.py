"""Sending one notification to every browser of a user, with pywebpush (RFC 8291 / 8292).

The network calls happen outside any unit of work; their outcome is written
after (services.record_outcome). The payload is the message's own title, text
and link, nothing more: it crosses the browser maker's push service (encrypted
end to end, but a push service sees its size and timing).
"""
import json
import logging
from dataclasses import dataclass, field

import requests
from flask import current_app
from pywebpush import WebPushException, webpush

from app.push import keys, services

log = logging.getLogger(__name__)
TITLE_MAX, BODY_MAX = 120, 400  # a phone shows two or three lines; push payloads stay under 4 kB
GONE = (404, 410)
TEMPORARY = (408, 425, 429)


@dataclass
class Outcome:
    """What happened to each subscription of one delivery."""

    delivered: list = field(default_factory=list)
    gone: list = field(default_factory=list)
    temporary: list = field(default_factory=list)
    refused: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def payload(message):
    """The JSON the service worker shows: {title, body, url}."""
    return json.dumps({"title": _cut(message.subject, TITLE_MAX), "body": _cut(message.body, BODY_MAX),
                       "url": message.url or None}, ensure_ascii=False, separators=(",", ":"))


def _cut(text, limit):
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def send(subscriptions, message):
    """Push `message` to each subscription; record who was reached and who is gone."""
    outcome, data = Outcome(), payload(message)
    with requests.Session() as session:
        session.max_redirects = 0  # a push service answers, it never sends us elsewhere
        for subscription in subscriptions:
            _send_one(session, subscription, data, outcome)
    services.record_outcome(outcome.delivered, outcome.gone)
    return outcome


def _send_one(session, subscription, data, outcome):
    config = current_app.config
    try:
        webpush(subscription.info(), data, vapid_private_key=keys.signer(),
                vapid_claims={"sub": config["VAPID_SUBJECT"]}, ttl=config["PUSH_TTL"],
                timeout=config["PUSH_TIMEOUT"], requests_session=session)
    except WebPushException as error:
        status = error.status_code  # None: refused before sending (a key pywebpush cannot use)
        kind = ("gone" if status in GONE else
                "temporary" if status and (status >= 500 or status in TEMPORARY) else "refused")
        _failed(outcome, kind, subscription, f"{status or ''} {error.message}".strip())
    except (requests.Timeout, requests.ConnectionError) as error:
        _failed(outcome, "temporary", subscription, type(error).__name__)
    except requests.RequestException as error:
        _failed(outcome, "refused", subscription, type(error).__name__)
    else:
        outcome.delivered.append(subscription.id)


def _failed(outcome, kind, subscription, detail):
    getattr(outcome, kind).append(subscription.id)
    outcome.errors.append(detail[:200])
    log.warning("push to subscription %s: %s (%s)", subscription.id, kind, detail[:200])
