"""The pool blueprints: their view modules add their routes on import; create_app() registers them."""
from flask import Blueprint

bp = Blueprint("pool", __name__, url_prefix="/pool")
# Staff moderation of vacancies lives with the pool but answers under /staff/.
staff_bp = Blueprint("pool_staff", __name__, url_prefix="/staff/vacancies")
