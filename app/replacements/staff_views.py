"""Staff's own action on the pool: suspending a profile."""
from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import DomainError
from app.forms import ActionForm
from app.permissions import can_suspend_pool_profile, require
from app.replacements import profiles
from app.replacements.blueprint import bp


@bp.route("/pool/<int:profile_id>/suspend", methods=["POST"])
@require(can_suspend_pool_profile)
def pool_suspend(profile_id):
    if not ActionForm().validate_on_submit():
        abort(400)
    if profiles.visible(current_user, profile_id) is None:
        abort(404)
    try:
        profiles.suspend(current_user, profile_id)
    except DomainError as error:
        flash(str(error), "error")
    else:
        flash(_("Profil suspendu : il ne reçoit plus de missions."), "success")
    return redirect(url_for("replacements.pool_profile", profile_id=profile_id))
