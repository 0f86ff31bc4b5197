from flask import Blueprint

bp = Blueprint("cv", __name__, url_prefix="/cv")
staff_bp = Blueprint("cv_staff", __name__, url_prefix="/staff/cv")

from app.cv import application_views, bank_views, share_views, staff_views, views  # noqa: E402,F401,E501
