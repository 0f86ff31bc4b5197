"""The cv blueprint: its view modules add their routes on import; create_app() registers it."""
from flask import Blueprint

from app.security import no_store

# Every page of the bank, of the applications and of a candidate's space holds personal data.
bp = no_store(Blueprint("cv", __name__, url_prefix="/cv"))
