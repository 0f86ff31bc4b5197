"""Training sessions shared between members: seats, waiting lists, calendars."""
from flask import Blueprint

bp = Blueprint("training", __name__, url_prefix="/training")

from app.training import organiser_views, views  # noqa: E402,F401
