"""The mfa blueprints: their view modules add their routes on import; create_app() registers them."""
from flask import Blueprint

from app.mfa.guards import end_idle_session, send_to_enrolment

bp = Blueprint("mfa", __name__, url_prefix="/auth")
staff_bp = Blueprint("mfa_staff", __name__, url_prefix="/staff")

SETTINGS = {
    "SESSION_IDLE_TIMEOUT": 30 * 60,  # members and staff
    "REAUTH_MAX_AGE": 5 * 60,  # a password typed this long ago still counts as recent
    "MFA_PENDING_MAX_AGE": 5 * 60,  # time to type the code after the password
}


@bp.record_once
def _defaults(state):
    for name, value in SETTINGS.items():
        state.app.config.setdefault(name, value)


@bp.before_app_request
def _guards():
    return end_idle_session() or send_to_enrolment()
