"""A user's choices: which channels reach them for each kind of message; their mobile."""
from sqlalchemy import delete, select

from app.auth.models import User
from app.extensions import db
from app.notifications.channels import CHANNELS
from app.notifications.kinds import KINDS, SECURITY
from app.notifications.models import NotificationPreference
from app.work import unit_of_work


def choices(user_id):
    """{kind: set of channel names} for every kind a user may choose (defaults filled in)."""
    stored = {(p.kind, p.channel): p.enabled for p in db.session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user_id))}
    return {kind: {name for name, channel in CHANNELS.items()
                   if stored.get((kind, name), getattr(channel, "DEFAULT", False))}
            for kind in KINDS}


def chosen_channels(user_id, kind):
    """The names of the channels the user wants for `kind` (security: mail)."""
    if kind == SECURITY:
        return ["mail"]
    chosen = choices(user_id).get(kind, {"mail"})
    return [name for name in CHANNELS if name in chosen]


def wants(user_id, kind):
    """Whether the user receives messages of `kind` on some channel (security always)."""
    return kind == SECURITY or bool(chosen_channels(user_id, kind))


KEEP = object()


def save_preferences(user, chosen, mobile_phone=KEEP):
    """Keep exactly the channels in `chosen` ({kind: names}) for every kind; set the mobile."""
    with unit_of_work() as work:
        account = work.lock(User, user.id)
        db.session.execute(delete(NotificationPreference)
                           .where(NotificationPreference.user_id == user.id))
        db.session.add_all(
            NotificationPreference(user_id=user.id, kind=kind, channel=name,
                                   enabled=name in chosen.get(kind, ()))
            for kind in KINDS for name in CHANNELS)
        if mobile_phone is not KEEP:
            account.mobile_phone = mobile_phone
