"""The notifications blueprint: its view modules add their routes on import; create_app() registers it."""
from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
