"""Account operations: each one a unit of work with one commit."""
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from app import mail
from app.audit.services import record
from app.auth import throttle, tokens
from app.auth.models import LoginFailure, User
from app.auth.passwords import DUMMY_HASH, hash_password, verify_password
from app.database import begin_write
from app.errors import AccountUnavailable, EmailTaken, InvalidCredentials, InvalidToken
from app.extensions import db
from app.timeutil import utcnow


def find_by_email(email):
    """The user with this email (already lower-cased), or None."""
    return db.session.scalar(select(User).where(User.email == email))


def create_user(email, password, first_name, last_name, role, establishment=None,
                consent=False, password_hash=None):
    """Add a user to the session; EmailTaken when the address has an account.

    Two sign-ups of one address at once on PostgreSQL both find it free: the
    loser's insert breaks the unique index, and gets the same EmailTaken as
    a sequential duplicate instead of a 500.
    """
    taken = EmailTaken(_("Un compte existe déjà avec cette adresse e-mail."))
    if find_by_email(email) is not None:
        raise taken
    password_hash = password_hash or hash_password(password)
    try:
        with db.session.begin_nested():  # a savepoint: the unit of work stays usable
            user = User(email=email, password_hash=password_hash, first_name=first_name,
                        last_name=last_name, role=role, establishment=establishment,
                        consent_at=utcnow() if consent else None)
            db.session.add(user)
    except IntegrityError as error:
        if find_by_email(email) is None:  # not the address: a real bug, let it show
            raise
        raise taken from error
    return user


def authenticate(email, password, address):
    """The user whose credentials these are, or a domain error.

    The attempt is counted (as a failure until a login succeeds) before the
    password is checked, in one atomic step with the count.
    """
    throttle.take("login", email, address)
    user = find_by_email(email)
    if not verify_password(user.password_hash if user else DUMMY_HASH, password) or not user:
        raise InvalidCredentials(_("Adresse e-mail ou mot de passe incorrect."))
    if user.disabled:
        raise AccountUnavailable(_("Ce compte est désactivé. Contactez l'association."))
    if user.establishment is not None and user.establishment.is_suspended:
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


def request_password_reset(email, address):
    """Mail a reset link to an account, or say to an unknown address that it has none.

    Both paths do the same work (count, one look-up, one mail), so neither the
    answer nor its time tells whether the address has an account.
    """
    throttle.take("mail", email, address)
    user = find_by_email(email)
    if user is None or user.disabled:
        mail.send(email, "password_reset_unknown")
    else:
        mail_reset_link(user)


def mail_reset_link(user):
    """Mail the user a link to choose a new password, valid once."""
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
