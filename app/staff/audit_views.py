"""placeholder"""
from app.permissions import can_moderate, require
from app.staff import bp


@bp.route("/audit")
@require(can_moderate)
def audit():
    return "todo"
