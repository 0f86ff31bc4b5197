"""The pool blueprint: its view modules add their routes on import; create_app() registers it.

Staff moderate vacancies in the staff queue (app/staff/queue.py), not here."""
from flask import Blueprint

bp = Blueprint("pool", __name__, url_prefix="/pool")
