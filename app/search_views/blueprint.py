"""The search_views blueprint: its view modules add their routes on import; create_app() registers it."""
from flask import Blueprint

bp = Blueprint("search_views", __name__)
