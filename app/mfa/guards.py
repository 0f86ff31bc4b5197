"""Checks before every request: idle sessions end, obliged accounts enrol first;
and the decorator that asks for the password again before sensitive exports."""
from functools import wraps
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from app.mfa import flow, policy
from app.security import clear_session

# What an account obliged to enrol may still reach: the enrolment pages.
ENROLMENT_ENDPOINTS = {"static", "auth.logout", "main.language", "mfa.index", "mfa.totp_setup",
                       "mfa.passkey_new", "mfa.confirm_password"}


def end_idle_session():
    """Members and staff are logged out after SESSION_IDLE_TIMEOUT seconds without a request."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    if not policy.is_concerned(current_user):
        return None
    seen = session.get(flow.SEEN_AT)
    if seen is not None and flow.now() - seen > current_app.config["SESSION_IDLE_TIMEOUT"]:
        logout_user()
        clear_session()
        flash(_("Votre session a expiré après %(n)d minutes sans activité : reconnectez-vous.",
                n=current_app.config["SESSION_IDLE_TIMEOUT"] // 60), "info")
        target = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("auth.login", next=target))
    session[flow.SEEN_AT] = flow.now()
    return None


def send_to_enrolment():
    """An obliged account without a second factor reaches only the enrolment pages."""
    if request.endpoint in ENROLMENT_ENDPOINTS or not current_user.is_authenticated:
        return None
    if not policy.must_enrol(current_user):
        return None
    flash(_("La double authentification est obligatoire pour votre compte : "
            "ajoutez un second facteur pour continuer."), "info")
    return redirect(url_for("mfa.index"))


def recent_password_required(view):
    """Decorate a view (under @require): the password typed again within REAUTH_MAX_AGE."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if flow.password_is_recent():
            return view(*args, **kwargs)
        target = (request.full_path.rstrip("?") if request.method == "GET"
                  else urlsplit(request.referrer or "").path or None)
        return redirect(url_for("mfa.confirm_password", next=target))
    return wrapped
