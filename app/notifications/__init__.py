"""Mail notifications: what kind each mail is, who turned which kind off, what was sent."""
from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/notifications")

from app.notifications import views  # noqa: E402,F401  (routes register on import)
