"""The login's second step, and the timestamps a session carries.

After the password, an account with a second factor is only *pending*: the
session holds its id, its session token and the time, but flask-login knows
no user, so every protected page still answers as to a visitor. The pending
state lasts five minutes and dies with the session token (a password change,
a disabled account).
"""
from flask import current_app, flash, redirect, session, url_for
from flask_babel import gettext as _
from flask_login import login_user

from app.auth import services as auth_services
from app.auth.models import User
from app.errors import AccountUnavailable
from app.extensions import db
from app.mfa import policy
from app.security import clear_session, client_address
from app.timeutil import utcnow

PENDING = "mfa_pending"
TYPED_AT = "typed_at"  # last time the password was typed in this session
SEEN_AT = "seen_at"  # last request of this session, for the idle timeout


def now():
    """Seconds since the epoch, by the application's clock."""
    return utcnow().timestamp()


def after_password(user, target):
    """The answer to a correct password: the second step, or the session itself."""
    if not policy.has_factor(user.id):
        return complete(user, target)
    clear_session()
    session[PENDING] = {"uid": user.id, "token": user.session_token, "at": now(),
                        "next": target}
    return redirect(url_for("mfa.verify"))


def pending_user():
    """The account half-way through logging in, or None when there is none or it expired."""
    data = session.get(PENDING)
    if not isinstance(data, dict):
        return None
    if now() - data.get("at", 0) > current_app.config["MFA_PENDING_MAX_AGE"]:
        session.pop(PENDING, None)
        return None
    user = db.session.get(User, data.get("uid") or 0)
    if user is None or user.session_token != data.get("token") or user.disabled:
        return None
    return user


def pending_target():
    """Where the pending login goes once complete."""
    return session.get(PENDING, {}).get("next") or url_for("main.index")


def complete(user, target, notice=None):
    """Log the user in, note it, and go where they were going (back to the login page
    when the account was shut out since its password was checked)."""
    try:
        user = auth_services.record_login(user, client_address())
    except AccountUnavailable as error:
        clear_session()
        flash(str(error), "error")
        return redirect(url_for("auth.login"))
    start_session(user)
    flash(_("Bienvenue, %(name)s.", name=user.first_name), "success")
    if notice:
        flash(notice, "info")
    return redirect(target)


def start_session(user):
    """A fresh session for a user who just typed their password."""
    clear_session()
    login_user(user)
    session[TYPED_AT] = session[SEEN_AT] = now()


def password_is_recent():
    """True when the password was typed in this session a few minutes ago at most."""
    return now() - session.get(TYPED_AT, 0) <= current_app.config["REAUTH_MAX_AGE"]


def note_password():
    """The user just typed their password again."""
    session[TYPED_AT] = now()
