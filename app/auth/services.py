"""Account operations: each one a unit of work with one commit."""
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select

from app import mail
from app.audit.services import record
from app.auth import tokens
from app.auth.models import LoginFailure, User
from app.auth.passwords import DUMMY_HASH, hash_password, verify_password
from app.database import begin_write
from app.errors import AccountUnavailable, EmailTaken, InvalidCredentials, InvalidToken, TooManyAttempts
from app.extensions import db
from app.timeutil import utcnow


def find_by_email(email):
    """The user with this email (already lower-cased), or None."""
    return db.session.scalar(select(User).where(User.email == email))


def create_user(email, password, first_name, last_name, role, establishment=None, consent=False):
    """Add a user to the session after checking the email is free."""
    if find_by_email(email) is not None:
        raise EmailTaken(_("Un compte existe déjà avec cette adresse e-mail."))
    user = User(email=email, password_hash=hash_password(password), first_name=first_name,
                last_name=last_name, role=role, establishment=establishment,
                consent_at=utcnow() if consent else None)
    db.session.add(user)
    return user


def register_candidate(email, password, first_name, last_name):
    """A job seeker signs up, having given consent on the form."""
    begin_write()
    user = create_user(email, password, first_name, last_name, "candidate", consent=True)
    db.session.flush()
    record("register", actor=user, obj=user)
    db.session.commit()
    return user


def _check_throttle(email, address):
    config = current_app.config
    since = utcnow() - timedelta(seconds=config["LOGIN_FAILURE_WINDOW"])
    by_email, by_address = db.session.execute(
        select(func.count().filter(LoginFailure.email == email),
               func.count().filter(LoginFailure.address == address))
        .where(LoginFailure.at >= since,
               or_(LoginFailure.email == email, LoginFailure.address == address))).one()
    if (by_email >= config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
            or by_address >= config["LOGIN_MAX_FAILURES_PER_ADDRESS"]):
        raise TooManyAttempts(_("Trop de tentatives de connexion. "
                                "Réessayez dans un quart d'heure."))


def _fail(email, address):
    """Remember the failure, then refuse with the same words for every cause."""
    begin_write()
    db.session.add(LoginFailure(email=email, address=address))
    db.session.commit()
    raise InvalidCredentials(_("Adresse e-mail ou mot de passe incorrect."))


def authenticate(email, password, address):
    """The user whose credentials these are, or a domain error."""
    _check_throttle(email, address)
    user = find_by_email(email)
    if not verify_password(user.password_hash if user else DUMMY_HASH, password) or not user:
        _fail(email, address)
    if user.disabled:
        raise AccountUnavailable(_("Ce compte est désactivé. Contactez l'association."))
    if user.establishment is not None and user.establishment.status == "suspended":
        raise AccountUnavailable(_("Votre établissement est suspendu. Contactez l'association."))
    return user


def record_login(user, address):
    """Note a successful login."""
    begin_write()
    user = db.session.get(User, user.id)
    user.last_login_at = utcnow()
    db.session.execute(delete(LoginFailure).where(LoginFailure.email == user.email))
    record("login", actor=user, obj=user, address=address)
    db.session.commit()
    return user


def end_sessions(user):
    """Log out everywhere: every session cookie of this user stops working."""
    begin_write()
    user = db.session.get(User, user.id)
    user.end_all_sessions()
    record("logout", actor=user, obj=user)
    db.session.commit()


def change_password(user, current, new):
    """Change a password after checking the current one; ends other sessions."""
    if not verify_password(user.password_hash, current):
        raise InvalidCredentials(_("Le mot de passe actuel est incorrect."))
    return _set_password(user, new, "password_change")


def _set_password(user, new, action):
    begin_write()
    user = db.session.get(User, user.id)
    user.password_hash = hash_password(new)
    user.end_all_sessions()
    record(action, actor=user, obj=user)
    db.session.commit()
    return user


def request_password_reset(email):
    """Mail a reset link if the account exists; say nothing either way."""
    user = find_by_email(email)
    if user is None or user.disabled:
        return
    token = tokens.make("reset", {"uid": user.id, "fp": tokens.password_fingerprint(user)})
    mail.send(user.email, "password_reset", user=user, token=token,
              minutes=current_app.config["RESET_LINK_MAX_AGE"] // 60)


def check_reset_token(token):
    """The user a reset link is for, or InvalidToken when it expired or was used."""
    payload = tokens.read("reset", token, current_app.config["RESET_LINK_MAX_AGE"])
    user = db.session.get(User, payload.get("uid"))
    if user is None or tokens.password_fingerprint(user) != payload.get("fp"):
        raise InvalidToken(_("Ce lien n'est plus valable : demandez-en un nouveau."))
    return user


def reset_password(token, new):
    """Set a new password from a valid reset link; the link then stops working."""
    return _set_password(check_reset_token(token), new, "password_reset")
