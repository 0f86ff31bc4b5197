"""Staff manage user accounts: disable, enable, reset link, role. Never zero active staff."""
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from app.audit.services import record
from app.auth.models import ROLES, User
from app.auth.services import mail_reset_link
from app.database import begin_write
from app.errors import DomainError
from app.extensions import db
from app.members.models import Establishment


class LastStaff(DomainError):
    def default_message(self):
        return _("Impossible : l'association doit garder au moins un membre de l'équipe actif.")


class OwnAccount(DomainError):
    pass


def search(text=None, role=None, state=None, establishment_id=None):
    """Users matching the filters, by name."""
    query = select(User).options(joinedload(User.establishment)).order_by(
        User.last_name, User.first_name, User.id)
    if text:
        pattern = f"%{text.lower()}%"
        query = query.where(or_(func.lower(User.email).like(pattern),
                                func.lower(User.last_name).like(pattern),
                                func.lower(User.first_name).like(pattern)))
    if role in ROLES:
        query = query.where(User.role == role)
    if state in ("active", "disabled"):
        query = query.where(User.disabled.is_(state == "disabled"))
    if establishment_id:
        query = query.where(User.establishment_id == establishment_id)
    return query


def _lock(user_id):
    """Take the write lock, and the rows of every active staff member (PostgreSQL)
    so that two staff cannot each remove the other; return the target, locked."""
    begin_write()
    db.session.scalars(select(User.id).where(User.role == "staff", User.disabled.is_(False))
                       .with_for_update()).all()
    user = db.session.scalar(select(User).where(User.id == user_id).with_for_update())
    if user is None:
        raise DomainError(_("Ce compte n'existe plus."))
    return user


def _check_staff_remains(user):
    """Refuse to take the last active staff member out."""
    if user.role != "staff" or user.disabled:
        return
    others = db.session.scalar(select(func.count()).select_from(User).where(
        User.role == "staff", User.disabled.is_(False), User.id != user.id))
    if not others:
        raise LastStaff()


def set_disabled(actor, user_id, disabled):
    """Disable (ending every session) or enable an account."""
    user = _lock(user_id)
    if disabled and user.id == actor.id:
        raise OwnAccount(_("Vous ne pouvez pas désactiver votre propre compte."))
    if disabled:
        _check_staff_remains(user)
        user.end_all_sessions()
    user.disabled = disabled
    record("user_disable" if disabled else "user_enable", actor=actor, obj=user)
    db.session.commit()
    return user


def change_role(actor, user_id, role, establishment_id=None):
    """Give a user another role; a member joins an establishment that is not suspended."""
    user = _lock(user_id)
    if user.id == actor.id and role != "staff":
        raise OwnAccount(_("Vous ne pouvez pas retirer votre propre rôle d'équipe."))
    if role == user.role and (role != "member" or establishment_id == user.establishment_id):
        raise DomainError(_("Ce compte a déjà ce rôle."))
    if role != "staff":
        _check_staff_remains(user)
    if role == "member":
        _check_can_join(db.session.get(Establishment, establishment_id or 0))
    record("role_change", actor=actor, obj=user, before=user.role, after=role)
    user.role = role
    user.establishment_id = establishment_id if role == "member" else None
    user.end_all_sessions()  # permissions change: sessions start again
    db.session.commit()
    return user


def _check_can_join(establishment):
    if establishment is None:
        raise DomainError(_("Choisissez l'établissement de ce membre."))
    if establishment.is_suspended:
        raise DomainError(_("Cet établissement est suspendu : réactivez-le d'abord."))


def send_reset_link(actor, user_id):
    """Mail the user a password reset link, as if they asked for it."""
    user = db.session.get(User, user_id)
    if user is None or user.disabled:
        raise DomainError(_("Ce compte est désactivé : réactivez-le d'abord."))
    begin_write()
    record("reset_link_sent", actor=actor, obj=db.session.get(User, user_id))
    db.session.commit()
    mail_reset_link(db.session.get(User, user_id))
