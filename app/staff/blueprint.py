"""The staff blueprints: their view modules add their routes on import; create_app() registers them."""
from flask import Blueprint

from app.security import no_store

# The back office shows people (users, audit log, CVs to check): no page of it is kept.
bp = no_store(Blueprint("staff", __name__, url_prefix="/staff"))
# The public face of the dashboard: anonymous counts of the territory.
observatoire_bp = Blueprint("observatoire", __name__)
