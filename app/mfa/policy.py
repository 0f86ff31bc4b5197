"""Who must sign in with a second factor, and the platform setting that decides it.

Off by default (the demo, and a fresh install, sign in with a password alone);
when staff turn it on, every member and every staff account must have a
second factor. Candidates may add one; they are never obliged to.
"""
from sqlalchemy import exists, select

from app.audit.services import record
from app.auth.services import as_locked, lock_accounts
from app.extensions import db
from app.mfa.models import Passkey, PlatformSetting, TotpFactor
from app.permissions import can_moderate, check_allowed
from app.timeutil import utcnow
from app.work import unit_of_work

REQUIRED = "mfa_required"
DEFAULTS = {REQUIRED: False}
ROLES_CONCERNED = ("member", "staff")


def setting(name):
    """The stored value of a platform setting, or its default."""
    row = db.session.get(PlatformSetting, name)
    return DEFAULTS[name] if row is None else row.value


def change_setting(actor, name, value):
    """Staff change a setting; audited with its old and new value."""
    with unit_of_work() as work:
        check_allowed(can_moderate(as_locked(lock_accounts(work, actor.id), actor)))
        row = work.lock(PlatformSetting, name)
        before = DEFAULTS[name] if row is None else row.value
        if row is None:
            row = PlatformSetting(name=name, value=value)
            db.session.add(row)
        row.value, row.updated_at, row.updated_by_id = value, utcnow(), actor.id
        record("setting_change", actor=actor, setting=name, before=before, after=value)


def is_concerned(user):
    """Accounts that read CVs: members and staff."""
    return user.role in ROLES_CONCERNED


def has_factor(user_id):
    """True when the account has a confirmed TOTP or at least one passkey."""
    return db.session.scalar(select(
        exists().where(TotpFactor.user_id == user_id, TotpFactor.confirmed_at.is_not(None))
        | exists().where(Passkey.user_id == user_id)))


def must_have_factor(user):
    """True when the setting obliges this account to keep a second factor."""
    return is_concerned(user) and setting(REQUIRED)


def must_enrol(user):
    """True when the account must add a second factor before anything else."""
    return must_have_factor(user) and not has_factor(user.id)
