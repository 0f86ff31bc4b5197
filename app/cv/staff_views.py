"""Staff check profiles before they enter the bank."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.cv import queries, services, staff_bp
from app.cv.models import CandidateProfile
from app.errors import DomainError
from app.extensions import db
from app.permissions import can_moderate, require
from app.staff.forms import ActionForm


@staff_bp.route("/")
@require(can_moderate)
def pending():
    profiles = db.session.scalars(queries.pending_moderation()).all()
    return render_template("cv/staff_pending.html", profiles=profiles, form=ActionForm())


@staff_bp.route("/<int:profile_id>/<any(approve, reject):action>", methods=["POST"])
@require(can_moderate)
def moderate(profile_id, action):
    db.get_or_404(CandidateProfile, profile_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.moderate(current_user, profile_id, action)
    except DomainError as error:
        flash(str(error), "error")
    else:
        flash(_("Profil accepté dans la CVthèque.") if action == "approve"
              else _("Profil refusé."), "success")
    return redirect(url_for("cv_staff.pending"))
