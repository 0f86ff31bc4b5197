"""Account operations: each one a unit of work with one commit."""
from flask import current_app
from flask_login import AnonymousUserMixin
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import mail
from app.audit.services import record
from app.auth import throttle, tokens
from app.auth.models import User
from app.auth.passwords import DUMMY_HASH, hash_password, verify_password
from app.errors import AccountUnavailable, EmailTaken, InvalidCredentials, InvalidToken
from app.extensions import db
from app.timeutil import utcnow
from app.work import unit_of_work


def lock_accounts(work, *user_ids):
    """Lock these accounts in id order (two units of work locking the same accounts never
    deadlock), each read again under the lock: {id: user}, without the ids that are gone."""
    rows = work.lock_all(select(User).where(User.id.in_(user_ids)).order_by(User.id)
                         .execution_options(populate_existing=True))
    return {user.id: user for user in rows}


def as_locked(accounts, actor):
    """The actor as `lock_accounts` read it, to re-check its right (gone: a visitor's rights)."""
    return accounts.get(actor.id) or AnonymousUserMixin()


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
    check_may_sign_in(user)
    return user


def check_may_sign_in(user):
    """AccountUnavailable when the account (or its establishment) is shut out."""
    if user is None or user.disabled:
        raise AccountUnavailable(_("Ce compte est désactivé. Contactez l'association."))
    if user.establishment is not None and user.establishment.is_suspended:
        raise AccountUnavailable(_("Votre établissement est suspendu. Contactez l'association."))


def record_login(user, address):
    """Note a successful login, unless the account was shut out since its password was checked."""
    with unit_of_work() as work:
        user = work.lock(User, user.id)
        check_may_sign_in(user)
        user.last_login_at = utcnow()
        throttle.clear(user.email)
        record("login", actor=user, obj=user, address=address)
    return user


def end_sessions(user):
    """Log out everywhere: every session cookie of this user stops working."""
    with unit_of_work() as work:
        user = work.lock(User, user.id)
        if user is not None:
            user.end_all_sessions()
            record("logout", actor=user, obj=user)


def change_password(user, current, new):
    """Change a password after checking the current one; ends other sessions."""
    wrong = InvalidCredentials(_("Le mot de passe actuel est incorrect."))
    if not verify_password(user.password_hash, current):
        raise wrong
    return _set_password(user.id, new, "password_change", tokens.password_fingerprint(user),
                         wrong)


def _set_password(user_id, new, action, fingerprint, refusal):
    """Store `new` in place of the password whose `fingerprint` was checked; `refusal`
    when it changed since (a reset link used twice at once works once)."""
    password_hash = hash_password(new)  # argon2, before the write lock
    with unit_of_work() as work:
        user = work.lock(User, user_id)
        if user is None or tokens.password_fingerprint(user) != fingerprint:
            raise refusal
        user.password_hash = password_hash
        user.end_all_sessions()
        record(action, actor=user, obj=user)
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
        raise _used_link()
    return user


def _used_link():
    return InvalidToken(_("Ce lien n'est plus valable : demandez-en un nouveau."))


def reset_password(token, new):
    """Set a new password from a valid reset link; the link then stops working."""
    user = check_reset_token(token)
    return _set_password(user.id, new, "password_reset", tokens.password_fingerprint(user),
                         _used_link())
