"""The members blueprint: its view modules add their routes on import; create_app() registers it."""
from flask import Blueprint

bp = Blueprint("members", __name__, url_prefix="/members")
