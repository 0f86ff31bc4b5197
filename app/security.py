"""The security baseline every page inherits: headers, cookies, sessions."""
from urllib.parse import urlsplit

from flask import current_app, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l

from app.extensions import login_manager

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; "
       "img-src 'self' data:; font-src 'self'; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


class SessionInterface(SecureCookieSessionInterface):
    """Session cookie marked Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app):
        return app.config["SESSION_COOKIE_SECURE"] or request.is_secure


def no_store(target):
    """Mark a view, or a whole blueprint, whose pages hold personal data: their answers
    say `Cache-Control: no-store`, so no browser history or shared proxy keeps a copy."""
    target.no_store = True
    return target


def _holds_personal_data():
    view = current_app.view_functions.get(request.endpoint)
    blueprint = current_app.blueprints.get(request.blueprint)
    return getattr(view, "no_store", False) or getattr(blueprint, "no_store", False)


def add_headers(response):
    """Security headers on every response, error pages included."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    if request.endpoint and _holds_personal_data():
        response.headers["Cache-Control"] = "no-store"
    return response


def safe_next(target):
    """Return `target` if it is a path on this site, else None."""
    if not target or "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def client_address():
    """The address the request came from (behind ProxyFix when configured)."""
    return request.remote_addr or "unknown"


LANGUAGE = "lang"  # the session key of the language chosen (/lang/<code>)


def clear_session():
    """Empty the session (login, logout, expiry), keeping only the language chosen:
    a visitor who switched to English before logging in stays in English."""
    language = session.get(LANGUAGE)
    session.clear()
    if language is not None:
        session[LANGUAGE] = language


def init_app(app):
    """Install the session interface, headers and login settings."""
    app.session_interface = SessionInterface()
    app.after_request(add_headers)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Connectez-vous pour accéder à cette page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # the rotating token does this job
