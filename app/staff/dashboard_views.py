"""placeholder"""
from app.permissions import can_moderate, require
from app.staff import bp


@bp.route("/dashboard")
@require(can_moderate)
def dashboard():
    return "todo"
