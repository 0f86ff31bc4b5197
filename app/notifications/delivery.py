"""Delivering the logged messages: one task per message, after the commit that wrote it.

A task claims its row (status "sending", under the row's lock) before the
channel is called, and settles it after: two tasks, or a task and `mail
retry`, never send one message twice. A failure counts an attempt and is
retried with a growing delay (`RETRY_DELAY` × 2^attempts, at most
`MAX_DELAY`) until `MESSAGE_MAX_ATTEMPTS`; then it stays "failed", shown to
staff, until `mail retry` or a staff member sends it again. A claim older
than `MESSAGE_CLAIM_TIMEOUT` is a task that died (a consumer killed
mid-send): the sweep, every minute and at each consumer's start, queues it
again, as well as the failures and deferred messages whose time has come. A
deferred message (`ChannelError(retry_at=…)`: an SMS in quiet hours) is no
failure: no attempt counted, not on the staff page of failures.
"""
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar

from flask import current_app
from huey import crontab
from sqlalchemy import and_, case, func, or_, select

from app import tasks, timeutil
from app.extensions import db
from app.notifications.channels import CHANNELS, ChannelError
from app.notifications.models import SentMessage
from app.work import unit_of_work

log = logging.getLogger(__name__)
RETRY_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=6)


def reason(error):
    """What the log says of a failure: a channel's own words, else the exception's."""
    text = str(error) if isinstance(error, ChannelError) else f"{type(error).__name__}: {error}"
    return text[:300]


@tasks.task()
def deliver_message(message_id):
    """The task: send one logged message (nothing if it is sent or held)."""
    deliver_now(message_id)


def deliver_now(message_id, force=False):
    """Claim, send, settle; True if sent, False if it failed, None if not ours to send.

    `force`: a failure waiting for its next attempt (or given up) is sent now.
    """
    claimed = _claim(message_id, force)
    if claimed is None:
        return None
    message, user = claimed
    channel = CHANNELS.get(message.channel)
    try:
        if channel is None:
            raise ChannelError(f"canal inconnu : {message.channel}", retry=False)
        channel.deliver(user, message)
    except Exception as error:
        log.warning("message %s (%s) failed: %s", message_id, message.channel, error)
        _settle_failure(message_id, error)
        return False
    _settle(message_id, status="sent", error=None, body=None, next_attempt_at=None)
    return True


def claimable(now, force=False):
    """The rows a task may take now: waiting, due, or held by a task that died."""
    timeout = timedelta(seconds=current_app.config.get("MESSAGE_CLAIM_TIMEOUT", 600))
    due = SentMessage.next_attempt_at <= now
    if force:  # `mail retry`: every failure, due or not, given up or not
        due = SentMessage.id.is_not(None)
    return or_(SentMessage.status == "queued",
               and_(SentMessage.status == "failed", due),
               and_(SentMessage.status == "deferred", SentMessage.next_attempt_at <= now),
               and_(SentMessage.status == "sending", SentMessage.at < now - timeout))


def _claim(message_id, force):
    with unit_of_work() as work:
        now = timeutil.utcnow()
        message = work.lock_one(select(SentMessage).where(
            SentMessage.id == message_id, claimable(now, force)))
        if message is None or message.body is None:
            return None
        message.status, message.at, message.attempts = "sending", now, message.attempts + 1
        outgoing = Outgoing(**{name: getattr(message, name) for name in Outgoing.FIELDS})
        user = message.user
    return outgoing, user


@dataclass(frozen=True)
class Outgoing:
    """What a channel is given of a logged message (read under its claim)."""

    FIELDS: ClassVar[tuple] = ("id", "channel", "recipient", "user_id", "template", "kind", "subject", "body",
              "url", "urgent", "created_at", "attempts")
    id: int
    channel: str
    recipient: str
    user_id: int | None
    template: str
    kind: str
    subject: str
    body: str
    url: str | None
    urgent: bool
    created_at: object
    attempts: int


def _settle_failure(message_id, error):
    retry = getattr(error, "retry", True)
    retry_at = getattr(error, "retry_at", None)
    with unit_of_work() as work:
        message = work.lock(SentMessage, message_id)
        if message is None:  # erased meanwhile
            return
        if retry_at is not None:  # deferred (quiet hours): not a failure
            message.status, message.attempts = "deferred", message.attempts - 1
            message.next_attempt_at, message.error = retry_at, None
        elif not retry:
            message.status, message.error, message.next_attempt_at = "refused", reason(error), None
        else:
            message.status, message.error = "failed", reason(error)
            message.next_attempt_at = next_attempt(message.attempts)
        message.at = timeutil.utcnow()


def next_attempt(attempts):
    """When a message that failed `attempts` times is tried again; None: given up."""
    if attempts >= current_app.config.get("MESSAGE_MAX_ATTEMPTS", 8):
        return None
    return timeutil.utcnow() + min(RETRY_DELAY * 2 ** (attempts - 1), MAX_DELAY)


def _settle(message_id, **values):
    with unit_of_work() as work:
        message = work.lock(SentMessage, message_id)
        if message is not None:
            for name, value in values.items():
                setattr(message, name, value)
            message.at = timeutil.utcnow()


def due_ids(now=None):
    """The messages a task should take now (lost tasks, due retries, dead claims)."""
    return db.session.scalars(select(SentMessage.id).where(claimable(now or timeutil.utcnow()))
                              .order_by(SentMessage.id).limit(1000)).all()


@tasks.periodic(crontab(), slot=lambda now: now.strftime("%Y-%m-%dT%H:%M"))
def sweep():
    """Queue a task for every message waiting without one (every minute)."""
    for message_id in due_ids():
        deliver_message(message_id)


@tasks.huey.on_startup()
def _sweep_at_start():
    """A consumer that starts takes back what a killed one held."""
    with tasks.app_context():
        sweep()


def retry_failed():
    """Send again now every failed message that has its text; returns (sent, still failing)."""
    ids = db.session.scalars(select(SentMessage.id).where(
        SentMessage.status.in_(("failed", "sending")), SentMessage.body.is_not(None))
        .order_by(SentMessage.id)).all()
    db.session.commit()
    outcomes = [deliver_now(message_id, force=True) for message_id in ids]
    return outcomes.count(True), outcomes.count(False)


def retry_one(message_id):
    """Staff send one failed or refused message again: it is queued at once."""
    with unit_of_work() as work:
        message = work.lock(SentMessage, message_id)
        if message is None or message.body is None or message.status not in ("failed", "refused"):
            return False
        message.status, message.next_attempt_at, message.at = "queued", None, timeutil.utcnow()
        tasks.enqueue_after_commit(deliver_message, message.id)
    return True


def oldest_waiting(now=None):
    """Since when the message waiting longest for a task has waited (None: none waits)."""
    now = now or timeutil.utcnow()
    since = case((SentMessage.status.in_(("failed", "deferred")), SentMessage.next_attempt_at),
                 else_=SentMessage.at)
    return db.session.scalar(select(func.min(since)).where(claimable(now)))
