"""The common pool of vacancies and shared positions."""
from flask import Blueprint

bp = Blueprint("pool", __name__, url_prefix="/pool")
# Staff moderation of vacancies lives with the pool but answers under /staff/.
staff_bp = Blueprint("pool_staff", __name__, url_prefix="/staff/vacancies")

from app.pool import views, member_views, staff_views  # noqa: E402,F401  (routes register on import)
