"""SMS: French mobiles, a provider behind one interface, a daily cap and quiet hours.

The text is short and never holds anyone's personal data: what kind of news
waits, and the link to it (`text`). In development (`SMS_PROVIDER=outbox`)
each SMS is a file in `instance/sms-outbox/`; `SMS_PROVIDER=http` posts it
as JSON to `SMS_URL` with `SMS_API_KEY` (HttpProvider). A person gets at most
`SMS_DAILY_CAP` SMS a day (Paris day: `take_place`); none between `SMS_QUIET_START` and
`SMS_QUIET_END` o'clock (Paris) unless the message is urgent (a mission
starting within 12 hours): it waits for the morning.
"""
import json
import re
import urllib.error
import urllib.request
from datetime import time, timedelta
from pathlib import Path

from flask import current_app
from flask_babel import force_locale, lazy_gettext as _l
from sqlalchemy import func, select

from app import durable, timeutil
from app.auth.models import User
from app.extensions import db
from app.notifications.channels import ChannelError, register
from app.notifications.kinds import SHORT_TEXTS, SECURITY
from app.notifications.models import SentMessage
from app.work import unit_of_work

MOBILE = re.compile(r"(?:\+33|0033|0)([67]\d{8})")
SEPARATORS = re.compile(r"[\s.\-()]")
INVALID = _l("Numéro de mobile invalide : 06 ou 07 puis 8 chiffres (ou +33 6…, +33 7…).")


def normalize_mobile(text):
    """A French mobile number in E.164 (+33612345678), or None when it is not one."""
    match = MOBILE.fullmatch(SEPARATORS.sub("", text or ""))
    return f"+33{match.group(1)}" if match else None


def text(message):
    """What the SMS says: the kind of news and its link, no one's name."""
    with force_locale("fr"):
        short = str(SHORT_TEXTS.get(message.kind, SHORT_TEXTS[SECURITY]))
    link = message.url or current_app.config["BASE_URL"]
    return f"GTEC : {short}. {link}"[:320]


class OutboxProvider:
    """Each SMS a file in the SMS outbox (development, tests)."""

    def send(self, to, body, reference):
        folder = Path(current_app.config["SMS_OUTBOX"])
        folder.mkdir(parents=True, exist_ok=True)
        # One file per message: written again after a crash, it is still one SMS.
        durable.write_file(folder / f"{reference}.txt",
                           json.dumps({"to": to, "text": body}, ensure_ascii=False).encode())


class HttpProvider:
    """A JSON POST {to, text, sender, reference} to SMS_URL, with SMS_API_KEY as a bearer token.

    2xx: sent. 4xx (but 408 and 429): refused for good. Other answers, a
    timeout or no connection: tried again later. `reference` is the same at
    every try, so the provider can drop a repeat.
    """

    def send(self, to, body, reference):
        config = current_app.config
        payload = json.dumps({"to": to, "text": body, "sender": config["SMS_SENDER"],
                              "reference": reference}).encode()
        request = urllib.request.Request(config["SMS_URL"], data=payload, method="POST", headers={
            "Content-Type": "application/json", "Authorization": f"Bearer {config['SMS_API_KEY']}"})
        try:
            # SMS_URL is the operator's setting, http(s) only (checked by provider()).
            with urllib.request.urlopen(request, timeout=config["SMS_TIMEOUT"]):  # nosec B310
                return
        except urllib.error.HTTPError as error:
            permanent = 400 <= error.code < 500 and error.code not in (408, 429)
            raise ChannelError(f"SMS refusé : HTTP {error.code}", retry=not permanent) from error
        except (OSError, ValueError) as error:  # timeout, refused connection, bad URL
            raise ChannelError(f"SMS : {type(error).__name__}: {error}") from error


PROVIDERS = {"outbox": OutboxProvider, "http": HttpProvider}


def provider():
    name = current_app.config["SMS_PROVIDER"]
    if name == "http" and not str(current_app.config["SMS_URL"]).startswith(("https://", "http://")):
        raise ChannelError("SMS_URL doit être une adresse http(s)", retry=False)
    return PROVIDERS[name]()


def take_place(user_id, message_id, now):
    """Whether the SMS may go today: it takes one of the person's places of the (Paris) day.

    Counted and recorded under the person's row lock, so SMS sent at once by
    several consumers never pass the cap; a retry keeps the place it took.
    """
    day = timeutil.local(now).date()
    with unit_of_work() as work:
        work.lock(User, user_id)
        message = work.lock(SentMessage, message_id)
        if message is None:  # erased meanwhile
            return False
        if message.sms_day == day:
            return True
        taken = db.session.scalar(select(func.count(SentMessage.id)).where(
            SentMessage.user_id == user_id, SentMessage.channel == "sms",
            SentMessage.sms_day == day))
        if taken >= current_app.config["SMS_DAILY_CAP"]:
            return False
        message.sms_day = day
    return True


def give_back_place(message_id):
    """An SMS the provider refused for good was not sent: its place is free again."""
    with unit_of_work() as work:
        message = work.lock(SentMessage, message_id)
        if message is not None:
            message.sms_day = None


def quiet_until(now):
    """The end of the quiet hours when `now` is inside them, else None."""
    config = current_app.config
    start, end = config["SMS_QUIET_START"], config["SMS_QUIET_END"]
    local = timeutil.local(now)
    if not (local.hour >= start or local.hour < end):
        return None
    day = local.date() + timedelta(days=1) if local.hour >= start else local.date()
    return timeutil.to_utc(day, time(end))


class SmsChannel:
    NAME = "sms"
    LABEL = _l("SMS")
    DEFAULT = False

    @staticmethod
    def reaches(user):
        return bool(user.mobile_phone)

    @staticmethod
    def deliver(user, message):
        if user is None or not user.mobile_phone:
            raise ChannelError("pas de numéro de mobile", retry=False)
        now = timeutil.utcnow()
        morning = None if message.urgent else quiet_until(now)
        if morning is not None:
            raise ChannelError("heures de silence : envoyé le matin", retry_at=morning)
        if not take_place(user.id, message.id, now):
            raise ChannelError("plafond quotidien de SMS atteint", retry=False)
        try:
            provider().send(user.mobile_phone, text(message), f"gtec-{message.id}")
        except ChannelError as error:
            if not error.retry:
                give_back_place(message.id)
            raise


SMS = register(SmsChannel())
