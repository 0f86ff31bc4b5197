"""The professional's "Missions proposées": every mission they were alerted to."""
from flask import render_template, request
from flask_login import current_user

from app.database import paginate
from app.forms import ActionForm
from app.permissions import can_take_missions, require
from app.replacements import alerts
from app.replacements.blueprint import bp
from app.security import no_store

PER_PAGE = 20


@bp.get("/missions/proposed")
@no_store
@require(can_take_missions)
def proposed_missions():
    page = paginate(alerts.proposed(current_user.replacement_profile.id),
                    request.args.get("page", type=int), PER_PAGE)
    return render_template("replacements/proposed_missions.html", page=page,
                           form=ActionForm())
