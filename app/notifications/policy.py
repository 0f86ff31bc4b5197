"""Who gets which message, on which channel: the one place that decides.

`notify(to, template, **context)` finds the account of the address, the kind
of the template, and the channels the person chose for that kind (security
mails: mail alone, always) among those that reach them; it renders the
message and writes one row per channel in the log, inside the unit of work
under way (or one of its own), and has each delivered by a task after the
commit. Nothing is sent when the unit of work rolls back.
"""
import logging
import re

from flask import current_app
from sqlalchemy import select

from app import mail
from app.auth.models import User
from app.extensions import db
from app.notifications import delivery
from app.notifications.channels import CHANNELS, MAIL
from app.notifications.kinds import SECURITY, kind_of
from app.notifications.models import SentMessage
from app.notifications.services import chosen_channels
from app.tasks import enqueue_after_commit
from app.work import unit_of_work

log = logging.getLogger(__name__)
LINK = re.compile(r"https?://\S+")


def notify(to, template, url=None, urgent=False, **context):
    """Write the message for each channel that reaches `to`; returns the rows (none: opted out).

    `url`: the page the message is about (default: the first link of the mail
    on this site); `urgent`: it may wake someone (an SMS in quiet hours, for a
    mission starting within 12 hours).
    """
    with unit_of_work():
        user = db.session.scalar(select(User).where(User.email == to))
        kind = kind_of(template)
        channels = channels_for(user, kind)
        if not channels:
            return []
        rows = [_row(to, user, template, kind, urgent, channel) for channel in channels]
        _fill(rows, template, url, context)
        db.session.add_all(rows)
        db.session.flush()
        for row in rows:
            enqueue_after_commit(delivery.deliver_message, row.id)
    return rows


def others(users, actor=None):
    """The enabled accounts among `users` but the one who acted: nobody is told of
    their own action."""
    actor_id = getattr(actor, "id", None)
    return [user for user in users if not user.disabled and user.id != actor_id]


def channels_for(user, kind):
    """The channels a message of `kind` takes to `user` (an address alone: mail)."""
    if user is None or kind == SECURITY:
        return [MAIL]
    return [CHANNELS[name] for name in chosen_channels(user.id, kind)
            if name in CHANNELS and CHANNELS[name].reaches(user)]


def _row(to, user, template, kind, urgent, channel):
    return SentMessage(channel=channel.NAME, recipient=str(to)[:254], template=template,
                       user_id=user.id if user else None, kind=kind, urgent=urgent,
                       subject="", status="queued")


def _fill(rows, template, url, context):
    """Render the message once for every row; a template that fails is logged, not raised."""
    try:
        subject, body = mail.render(template, **context)
    except Exception as error:  # the action is committed all the same; staff see it
        log.exception("message %r could not be rendered", template)
        for row in rows:
            row.status, row.error = "refused", delivery.reason(error)
        return
    url = url or _first_link(body)
    for row in rows:
        row.subject, row.body, row.url = subject[:300], body, url


def _first_link(body):
    base = current_app.config["BASE_URL"]
    for link in LINK.findall(body):
        if link.startswith(base):
            return link[:500]
    return None


mail.use_policy(notify)
