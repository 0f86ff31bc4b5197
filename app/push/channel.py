"""Web push as a notification channel: the interface every channel follows.

    NAME, LABEL             the channel's id and its French name in "Mes notifications"
    reaches(user)           whether the channel can reach the user at all
    deliver(user, message)  send it, or raise ChannelError(retry=True|False)

`message` has `.subject`, `.body` (plain text), `.url` (absolute, or None) and `.kind`.
A user with several browsers is reached once one of them took the push: a retry
would alert the others twice, so the failures of the rest are only logged.
"""
import sys

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from app.extensions import db
from app.notifications.channels import ChannelError, register
from app.push import delivery, services
from app.push.models import PushSubscription

NAME = "push"
LABEL = _l("Notification sur ce téléphone")


def reaches(user):
    """The user's account is active and has at least one subscribed browser."""
    return bool(user.is_active and db.session.scalar(
        select(exists().where(PushSubscription.user_id == user.id))))


def deliver(user, message):
    """Push the message to each of the user's browsers."""
    subscriptions = services.of_user(user.id) if user is not None else []
    if not subscriptions:
        raise ChannelError("no subscribed browser", retry=False)
    outcome = delivery.send(subscriptions, message)
    if outcome.delivered:
        return
    detail = "; ".join(outcome.errors)
    raise ChannelError(f"push failed: {detail}", retry=bool(outcome.temporary))


# This module is the channel: "Mes notifications" offers it once registered.
PUSH = register(sys.modules[__name__])
