"""The auth blueprint: its view modules add their routes on import; create_app() registers it."""
from flask import Blueprint
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db, login_manager

bp = Blueprint("auth", __name__, url_prefix="/auth")


@login_manager.user_loader
def load_user(session_token):
    """Find the user whose current session token the cookie carries (auth owns the
    accounts; the shared login manager only calls this)."""
    return db.session.scalar(select(User).where(User.session_token == session_token))
