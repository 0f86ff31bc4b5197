from flask import Blueprint

from app.security import no_store

# Every page of the bank, of the applications and of a candidate's space holds personal data.
bp = no_store(Blueprint("cv", __name__, url_prefix="/cv"))

from app.cv import (application_views, bank_views, match_views, share_views,  # noqa: E402,F401
                    views)
