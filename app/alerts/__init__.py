"""Saved searches and their daily digest of new results (`flask --app wsgi alerts`)."""
from flask import Blueprint

bp = Blueprint("alerts", __name__)

from app.alerts import views  # noqa: E402,F401  (routes register on import)
