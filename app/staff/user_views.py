"""placeholder"""
from app.permissions import can_moderate, require
from app.staff import bp


@bp.route("/users")
@require(can_moderate)
def users():
    return "todo"
