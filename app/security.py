"""The security baseline every page inherits: headers, cookies, sessions."""
from urllib.parse import urlsplit

from flask import request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db, login_manager

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; "
       "img-src 'self' data:; font-src 'self'; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


class SessionInterface(SecureCookieSessionInterface):
    """Session cookie marked Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app):
        return app.config["SESSION_COOKIE_SECURE"] or request.is_secure


def add_headers(response):
    """Security headers on every response, error pages included."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    return response


@login_manager.user_loader
def load_user(session_token):
    """Find the user whose current session token the cookie carries."""
    from app.auth.models import User
    return db.session.scalar(select(User).where(User.session_token == session_token))


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


def init_app(app):
    """Install the session interface, headers and login settings."""
    app.session_interface = SessionInterface()
    app.after_request(add_headers)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Connectez-vous pour accéder à cette page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # the rotating token does this job
