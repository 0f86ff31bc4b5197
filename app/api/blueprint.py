"""The api blueprint: its view modules add their routes on import; create_app() registers it."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
