"""The writes of web push: a browser subscribes or leaves, a delivery's outcome is kept."""
from flask_babel import gettext as _
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from app.errors import DomainError
from app.extensions import db
from app.push.models import PushSubscription
from app.timeutil import utcnow
from app.work import unit_of_work


class SubscriptionGone(DomainError):
    pass


def of_user(user_id):
    """The user's subscribed browsers, the newest first."""
    return db.session.scalars(select(PushSubscription).where(PushSubscription.user_id == user_id)
                              .order_by(PushSubscription.created_at.desc(),
                                        PushSubscription.id.desc())).all()


def subscribe(user, subscription, device):
    """Keep `subscription` (parsing.Subscription) for `user`; returns whether it is new.

    A browser has one endpoint: subscribed again, it keeps its row (its keys
    renewed); subscribed by another account signed in on it, it now alerts that one.
    """
    try:
        return _keep(user, subscription, device)
    except IntegrityError:  # PostgreSQL: the same browser posted twice at once; now it is there
        return _keep(user, subscription, device)


def _keep(user, subscription, device):
    with unit_of_work() as work:
        row = work.lock_one(select(PushSubscription)
                            .where(PushSubscription.endpoint == subscription.endpoint))
        fields = {"user_id": user.id, "device": device, "p256dh": subscription.p256dh,
                  "auth": subscription.auth}
        if row is None:
            db.session.add(PushSubscription(endpoint=subscription.endpoint, **fields))
            return True
        for name, value in fields.items():
            setattr(row, name, value)
    return False


def unsubscribe(user, endpoint):
    """The browser at `endpoint` stops alerting `user` (it unsubscribed itself)."""
    with unit_of_work():
        removed = db.session.execute(delete(PushSubscription).where(
            PushSubscription.user_id == user.id, PushSubscription.endpoint == endpoint)).rowcount
    if not removed:
        raise SubscriptionGone(_("Ce navigateur ne recevait pas les alertes de votre compte."))


def remove(user, subscription_id):
    """Forget one of the user's devices (from the list of devices)."""
    with unit_of_work():
        removed = db.session.execute(delete(PushSubscription).where(
            PushSubscription.user_id == user.id, PushSubscription.id == subscription_id)).rowcount
    if not removed:
        raise SubscriptionGone(_("Cet appareil ne reçoit déjà plus les alertes."))


def record_outcome(delivered_ids, gone_ids):
    """After a delivery: note the devices reached, forget those their push service
    says are gone (404/410: the browser unsubscribed or the subscription expired)."""
    if not delivered_ids and not gone_ids:
        return
    with unit_of_work():
        if delivered_ids:
            db.session.execute(update(PushSubscription)
                               .where(PushSubscription.id.in_(delivered_ids))
                               .values(last_success_at=utcnow()))
        if gone_ids:
            db.session.execute(delete(PushSubscription).where(PushSubscription.id.in_(gone_ids)))
