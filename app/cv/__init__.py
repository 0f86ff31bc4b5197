from flask import Blueprint

bp = Blueprint("cv", __name__, url_prefix="/cv")

from app.cv import (application_views, bank_views, match_views, share_views,  # noqa: E402,F401
                    views)
