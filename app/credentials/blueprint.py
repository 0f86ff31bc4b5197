"""The credentials blueprint: its view modules add their routes on import."""
from flask import Blueprint

from app.security import no_store

# Every page of the wallet holds personal data.
bp = no_store(Blueprint("credentials", __name__, url_prefix="/credentials"))
