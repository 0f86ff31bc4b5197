"""The main blueprint: its view modules add their routes on import; create_app() registers it."""
from flask import Blueprint

bp = Blueprint("main", __name__)
