"""Staff manage user accounts: disable, enable, reset link, role.

The association never ends up without active staff: the actor's right is
re-checked with its account locked until the commit, and nobody takes
themselves out; so whoever commits last is an active staff member. Two staff
disabling each other at once: the second finds itself disabled and is refused.
"""
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from app.audit.services import record
from app.auth.models import ROLES, User
from app.auth.services import as_locked, lock_accounts, mail_reset_link
from app.errors import DomainError
from app.members.models import Establishment
from app.permissions import can_moderate, check_allowed
from app.work import unit_of_work


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


def _target(work, actor, user_id):
    """Lock the target and the actor, re-check the actor's right under that lock; the target."""
    accounts = lock_accounts(work, user_id, actor.id)
    check_allowed(can_moderate(as_locked(accounts, actor)))
    if user_id not in accounts:
        raise DomainError(_("Ce compte n'existe plus."))
    return accounts[user_id]


def set_disabled(actor, user_id, disabled):
    """Disable (ending every session) or enable an account."""
    with unit_of_work() as work:
        user = _target(work, actor, user_id)
        if disabled and user.id == actor.id:
            raise OwnAccount(_("Vous ne pouvez pas désactiver votre propre compte."))
        if disabled:
            user.end_all_sessions()
        user.disabled = disabled
        record("user_disable" if disabled else "user_enable", actor=actor, obj=user)
    return user


def change_role(actor, user_id, role, establishment_id=None):
    """Give a user another role; a member joins an establishment that is not suspended."""
    with unit_of_work() as work:
        # the establishment before the accounts, as members' services lock them
        joined = work.lock(Establishment, establishment_id or 0) if role == "member" else None
        user = _target(work, actor, user_id)
        if user.id == actor.id and role != "staff":
            raise OwnAccount(_("Vous ne pouvez pas retirer votre propre rôle d'équipe."))
        if role == user.role and (role != "member" or establishment_id == user.establishment_id):
            raise DomainError(_("Ce compte a déjà ce rôle."))
        if role == "member":
            _check_can_join(joined)
        record("role_change", actor=actor, obj=user, before=user.role, after=role)
        user.role = role
        user.establishment_id = establishment_id if role == "member" else None
        user.end_all_sessions()  # permissions change: sessions start again
    return user


def _check_can_join(establishment):
    if establishment is None:
        raise DomainError(_("Choisissez l'établissement de ce membre."))
    if establishment.is_suspended:
        raise DomainError(_("Cet établissement est suspendu : réactivez-le d'abord."))


def send_reset_link(actor, user_id):
    """Mail the user a password reset link, as if they asked for it."""
    with unit_of_work() as work:
        user = _target(work, actor, user_id)
        if user.disabled:
            raise DomainError(_("Ce compte est désactivé : réactivez-le d'abord."))
        record("reset_link_sent", actor=actor, obj=user)
        work.after_commit(mail_reset_link, user)
