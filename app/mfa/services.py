"""Second-factor operations: each one a unit of work with one commit."""
import re

from flask_babel import gettext as _
from sqlalchemy import delete, select

from app.audit.services import record
from app.auth import throttle
from app.auth.models import User
from app.auth.passwords import verify_password
from app.auth.services import as_locked, lock_accounts
from app.errors import DomainError, InvalidCredentials
from app.extensions import db
from app.mfa import passkeys, policy, recovery, totp
from app.mfa.errors import FactorRequired, InvalidCode, PasskeyRefused
from app.mfa.models import Passkey, RecoveryCode, TotpFactor
from app.permissions import can_change_password, can_moderate, check_allowed
from app.timeutil import utcnow
from app.work import unit_of_work

TOTP_CODE = re.compile(r"\d{6}")


def _own_account(work, user_id):
    """The account changing its own factors, locked; NotAllowed when it may no longer act
    (disabled since the page was shown)."""
    user = work.lock(User, user_id)
    check_allowed(user is not None and can_change_password(user))
    return user


def start_totp(user):
    """A new secret for the user's authenticator app, waiting for its first code."""
    with unit_of_work() as work:
        return totp.new_pending(work, _own_account(work, user.id))


def confirm_totp(user, code):
    """The first code proves the app holds the secret; returns new recovery codes, if any."""
    pending = totp.factor_of(user.id, confirmed=False)
    if pending is None or totp.fresh_step(pending, _digits(code)) is None:
        raise InvalidCode()  # checked again under the lock; refused early, before argon2
    fresh = None if recovery.exist(user.id) else recovery.fresh_codes()
    with unit_of_work() as work:
        user = _own_account(work, user.id)
        pending = totp.locked_factor(work, user.id, confirmed=False)
        if pending is None or not totp.accept(pending, _digits(code)):
            raise InvalidCode()
        db.session.execute(delete(TotpFactor).where(TotpFactor.user_id == user.id,
                                                    TotpFactor.id != pending.id))
        pending.confirmed_at = utcnow()
        codes = _first_recovery_codes(user.id, fresh)
        record("mfa_totp_added", actor=user, obj=user)
    return codes


def _first_recovery_codes(user_id, fresh):
    """Recovery codes come with the account's first factor (`fresh`: made before the lock)."""
    if fresh is None or recovery.exist(user_id):
        return None
    return recovery.replace_all(user_id, fresh)


def _digits(code):
    return re.sub(r"\s+", "", code or "")


def remove_totp(user):
    """Forget the authenticator app, unless it is the last factor of an obliged account."""
    with unit_of_work() as work:
        user = _own_account(work, user.id)
        db.session.execute(delete(TotpFactor).where(TotpFactor.user_id == user.id))
        _keep_one_factor(user)
        record("mfa_totp_removed", actor=user, obj=user)


def _keep_one_factor(user):
    """Refuse what would leave an obliged account without a factor (the unit rolls back)."""
    db.session.flush()
    if policy.must_have_factor(user) and not policy.has_factor(user.id):
        raise FactorRequired()
    if not policy.has_factor(user.id):
        db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def regenerate_recovery(user):
    """Ten new recovery codes; the old ones stop working."""
    fresh = recovery.fresh_codes()
    with unit_of_work() as work:
        user = _own_account(work, user.id)
        if not policy.has_factor(user.id):
            raise DomainError()
        codes = recovery.replace_all(user.id, fresh)
        record("mfa_recovery_renewed", actor=user, obj=user)
    return codes


def check_second_step(user_id, code, address):
    """The second step of a login with a code; every wrong code counts as a failed login.

    Returns the user and how they proved it ("totp" or "recovery").
    """
    user = db.session.get(User, user_id)
    throttle.take("login", user.email, address)  # a failure until the login ends
    code = _digits(code)
    recovery_id = None if TOTP_CODE.fullmatch(code) else recovery.matching_id(user_id, code)
    with unit_of_work() as work:  # argon2 checked above, outside the lock
        user = _signing_in(work, user_id)
        if recovery_id is not None and recovery.spend(work, recovery_id):
            how = "recovery"
            record("mfa_recovery_used", actor=user, obj=user, address=address,
                   remaining=recovery.remaining(user_id))
        elif TOTP_CODE.fullmatch(code) and _accept_totp(work, user_id, code):
            how = "totp"
        else:
            raise InvalidCode()
    return user, how


def _signing_in(work, user_id):
    """The account half-way through its login, locked (its login is recorded after)."""
    user = work.lock(User, user_id)
    if user is None:
        raise DomainError()
    return user


def _accept_totp(work, user_id, code):
    factor = totp.locked_factor(work, user_id)
    return factor is not None and totp.accept(factor, code)


def reset_factors(actor, user_id):
    """Staff (or the server's operator: actor None) remove every second factor of a user
    who lost theirs; audited, sessions ended."""
    with unit_of_work() as work:
        accounts = lock_accounts(work, user_id, *([actor.id] if actor is not None else []))
        if actor is not None:  # the right, again under the lock
            check_allowed(can_moderate(as_locked(accounts, actor)))
        user = accounts.get(user_id)
        if user is None:
            raise DomainError(_("Ce compte n'existe plus."))
        if actor is not None and user.id == actor.id:
            raise DomainError(_("Un autre membre de l'équipe doit réinitialiser "
                                "votre double authentification."))
        counts = {model.__tablename__: db.session.execute(
            delete(model).where(model.user_id == user.id)).rowcount
            for model in (TotpFactor, Passkey, RecoveryCode)}
        user.end_all_sessions()
        record("mfa_reset", actor=actor, obj=user, **counts)
    return user


def add_passkey(user, verified, name, transports):
    """Keep a passkey the browser just registered; the first factor brings recovery codes."""
    fresh = None if recovery.exist(user.id) else recovery.fresh_codes()
    with unit_of_work() as work:
        user = _own_account(work, user.id)
        if db.session.scalar(select(Passkey.id).where(
                Passkey.credential_id == verified.credential_id)) is not None:
            raise DomainError(_("Cette clé d'accès est déjà enregistrée."))
        key = passkeys.new_passkey(user.id, verified, name, transports)
        codes = _first_recovery_codes(user.id, fresh)
        db.session.flush()
        record("mfa_passkey_added", actor=user, obj=user, passkey=key.id)
    return codes


def remove_passkey(user, passkey_id):
    """Forget one of the user's passkeys, unless it is the last factor of an obliged account."""
    with unit_of_work() as work:
        user = _own_account(work, user.id)
        removed = db.session.execute(delete(Passkey).where(
            Passkey.id == passkey_id, Passkey.user_id == user.id)).rowcount
        if not removed:
            raise DomainError(_("Cette clé d'accès n'existe plus."))
        _keep_one_factor(user)
        record("mfa_passkey_removed", actor=user, obj=user, passkey=passkey_id)


def check_passkey_step(user_id, credential, challenge, rp_id, origin, address):
    """The second step of a login with a passkey; a refused one counts as a failed login."""
    user = db.session.get(User, user_id)
    throttle.take("login", user.email, address)  # a failure until the login ends
    credential_id = passkeys.credential_id_of(credential)
    with unit_of_work() as work:
        user = _signing_in(work, user_id)
        key = work.lock_one(select(Passkey).where(
            Passkey.user_id == user_id, Passkey.credential_id == credential_id))
        if key is None or not passkeys.accept(key, credential, challenge, rp_id, origin):
            raise PasskeyRefused()
    return user


def confirm_password(user, password, address):
    """The password typed again before a sensitive action; a wrong one counts as a failed login."""
    throttle.take("login", user.email, address)  # a failure until the login ends
    if not verify_password(user.password_hash, password):
        raise InvalidCredentials(_("Mot de passe incorrect."))
    throttle.clear(user.email)  # the right password clears the attempts, as a login does
