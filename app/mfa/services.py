"""Second-factor operations: each one a unit of work with one commit."""
import re

from flask_babel import gettext as _
from sqlalchemy import delete, select

from app.audit.services import record
from app.auth import throttle
from app.auth.models import LoginFailure, User
from app.auth.passwords import verify_password
from app.database import begin_write
from app.errors import DomainError, InvalidCredentials
from app.extensions import db
from app.mfa import passkeys, policy, recovery, totp
from app.mfa.errors import FactorRequired, InvalidCode, PasskeyRefused
from app.mfa.models import Passkey, RecoveryCode, TotpFactor
from app.timeutil import utcnow

TOTP_CODE = re.compile(r"\d{6}")


def _locked_user(user_id):
    user = db.session.scalar(select(User).where(User.id == user_id).with_for_update())
    if user is None:
        raise DomainError()
    return user


def start_totp(user):
    """A new secret for the user's authenticator app, waiting for its first code."""
    begin_write()
    factor = totp.new_pending(_locked_user(user.id))
    db.session.commit()
    return factor


def confirm_totp(user, code):
    """The first code proves the app holds the secret; returns new recovery codes, if any."""
    pending = totp.factor_of(user.id, confirmed=False)
    if pending is None or totp.fresh_step(pending, _digits(code)) is None:
        raise InvalidCode()  # checked again under the lock; refused early, before argon2
    fresh = None if recovery.exist(user.id) else recovery.fresh_codes()
    begin_write()
    user = _locked_user(user.id)
    pending = totp.factor_of(user.id, confirmed=False, lock=True)
    if pending is None or not totp.accept(pending, _digits(code)):
        db.session.rollback()
        raise InvalidCode()
    db.session.execute(delete(TotpFactor).where(TotpFactor.user_id == user.id,
                                                TotpFactor.id != pending.id))
    pending.confirmed_at = utcnow()
    codes = _first_recovery_codes(user.id, fresh)
    record("mfa_totp_added", actor=user, obj=user)
    db.session.commit()
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
    begin_write()
    user = _locked_user(user.id)
    db.session.execute(delete(TotpFactor).where(TotpFactor.user_id == user.id))
    _keep_one_factor(user)
    record("mfa_totp_removed", actor=user, obj=user)
    db.session.commit()


def _keep_one_factor(user):
    """Refuse (rolling back) what would leave an obliged account without a factor."""
    db.session.flush()
    if policy.must_have_factor(user) and not policy.has_factor(user.id):
        db.session.rollback()
        raise FactorRequired()
    if not policy.has_factor(user.id):
        db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def regenerate_recovery(user):
    """Ten new recovery codes; the old ones stop working."""
    fresh = recovery.fresh_codes()
    begin_write()
    user = _locked_user(user.id)
    if not policy.has_factor(user.id):
        db.session.rollback()
        raise DomainError()
    codes = recovery.replace_all(user.id, fresh)
    record("mfa_recovery_renewed", actor=user, obj=user)
    db.session.commit()
    return codes


def check_second_step(user_id, code, address):
    """The second step of a login with a code; every wrong code counts as a failed login.

    Returns the user and how they proved it ("totp" or "recovery").
    """
    user = db.session.get(User, user_id)
    throttle.take("login", user.email, address)  # a failure until the login ends
    code = _digits(code)
    recovery_id = None if TOTP_CODE.fullmatch(code) else recovery.matching_id(user_id, code)
    begin_write()  # argon2 checked above, outside the lock
    user = _locked_user(user_id)
    if recovery_id is not None and recovery.spend(recovery_id):
        how = "recovery"
        record("mfa_recovery_used", actor=user, obj=user, address=address,
               remaining=recovery.remaining(user_id))
    elif TOTP_CODE.fullmatch(code) and _accept_totp(user_id, code):
        how = "totp"
    else:
        db.session.commit()
        raise InvalidCode()
    db.session.commit()
    return user, how


def _accept_totp(user_id, code):
    factor = totp.factor_of(user_id, lock=True)
    return factor is not None and totp.accept(factor, code)


def reset_factors(actor, user_id):
    """Staff (or the server's operator: actor None) remove every second factor of a user
    who lost theirs; audited, sessions ended."""
    begin_write()
    user = _locked_user(user_id)
    if actor is not None and user.id == actor.id:
        db.session.rollback()
        raise DomainError(_("Un autre membre de l'équipe doit réinitialiser "
                            "votre double authentification."))
    counts = {model.__tablename__: db.session.execute(
        delete(model).where(model.user_id == user.id)).rowcount
        for model in (TotpFactor, Passkey, RecoveryCode)}
    user.end_all_sessions()
    record("mfa_reset", actor=actor, obj=user, **counts)
    db.session.commit()
    return user



def add_passkey(user, verified, name, transports):
    """Keep a passkey the browser just registered; the first factor brings recovery codes."""
    fresh = None if recovery.exist(user.id) else recovery.fresh_codes()
    begin_write()
    user = _locked_user(user.id)
    if db.session.scalar(select(Passkey.id).where(
            Passkey.credential_id == verified.credential_id)) is not None:
        db.session.rollback()
        raise DomainError(_("Cette clé d'accès est déjà enregistrée."))
    key = passkeys.new_passkey(user.id, verified, name, transports)
    codes = _first_recovery_codes(user.id, fresh)
    db.session.flush()
    record("mfa_passkey_added", actor=user, obj=user, passkey=key.id)
    db.session.commit()
    return codes


def remove_passkey(user, passkey_id):
    """Forget one of the user's passkeys, unless it is the last factor of an obliged account."""
    begin_write()
    user = _locked_user(user.id)
    removed = db.session.execute(delete(Passkey).where(
        Passkey.id == passkey_id, Passkey.user_id == user.id)).rowcount
    if not removed:
        db.session.rollback()
        raise DomainError(_("Cette clé d'accès n'existe plus."))
    _keep_one_factor(user)
    record("mfa_passkey_removed", actor=user, obj=user, passkey=passkey_id)
    db.session.commit()


def check_passkey_step(user_id, credential, challenge, rp_id, origin, address):
    """The second step of a login with a passkey; a refused one counts as a failed login."""
    user = db.session.get(User, user_id)
    throttle.take("login", user.email, address)  # a failure until the login ends
    credential_id = passkeys.credential_id_of(credential)
    begin_write()
    user = _locked_user(user_id)
    key = db.session.scalar(select(Passkey).where(
        Passkey.user_id == user_id, Passkey.credential_id == credential_id).with_for_update())
    if key is None or not passkeys.accept(key, credential, challenge, rp_id, origin):
        db.session.commit()
        raise PasskeyRefused()
    db.session.commit()
    return user


def confirm_password(user, password, address):
    """The password typed again before a sensitive action; a wrong one counts as a failed login."""
    throttle.take("login", user.email, address)  # a failure until the login ends
    if not verify_password(user.password_hash, password):
        raise InvalidCredentials(_("Mot de passe incorrect."))
    begin_write()  # the right password clears the attempts, as a login does
    db.session.execute(delete(LoginFailure).where(LoginFailure.email == user.email))
    db.session.commit()
