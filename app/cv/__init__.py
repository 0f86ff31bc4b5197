from flask import Blueprint

bp = Blueprint("cv", __name__, url_prefix="/cv")

from app.cv import application_views, bank_views, share_views, views  # noqa: E402,F401
