"""Reading and changing a user's mail preferences; logging sent mails."""
from sqlalchemy import delete, select

from app.database import begin_write
from app.extensions import db
from app.notifications.kinds import KINDS, SECURITY
from app.notifications.models import MailPreference


def turned_off(user_id):
    """The kinds of mail this user turned off."""
    return set(db.session.scalars(select(MailPreference.kind)
                                  .where(MailPreference.user_id == user_id)))


def wants(user_id, kind):
    """Whether the user receives mails of `kind` (security mails always)."""
    return kind == SECURITY or kind not in turned_off(user_id)


def save_preferences(user, enabled):
    """Keep on exactly the kinds in `enabled`; turn every other kind off."""
    begin_write()
    db.session.execute(delete(MailPreference).where(MailPreference.user_id == user.id))
    db.session.add_all(MailPreference(user_id=user.id, kind=kind)
                       for kind in KINDS if kind not in enabled)
    db.session.commit()
