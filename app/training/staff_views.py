"""Staff moderation of training sessions: approve, or reject with a coded reason."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import DomainError
from app.extensions import db
from app.permissions import can_moderate, require
from app.staff.forms import ActionForm
from app.training import queries, sessions, staff_bp
from app.training.forms import RejectForm
from app.training.models import TrainingSession


@staff_bp.route("/")
@require(can_moderate)
def pending():
    return render_template("training/session_pending.html", sessions=queries.pending(),
                           reject_form=RejectForm())


@staff_bp.route("/<int:session_id>/approve", methods=["POST"])
@require(can_moderate)
def approve(session_id):
    db.get_or_404(TrainingSession, session_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    return _moderate(session_id, "approve")


@staff_bp.route("/<int:session_id>/reject", methods=["POST"])
@require(can_moderate)
def reject(session_id):
    db.get_or_404(TrainingSession, session_id)
    form = RejectForm()
    if not form.validate_on_submit():
        flash(_("Choisissez un motif de refus."), "error")
        return redirect(url_for("training_staff.pending"))
    return _moderate(session_id, "reject", form.reason.data)


def _moderate(session_id, action, reason=None):
    try:
        session = sessions.moderate(current_user, session_id, action, reason)
    except DomainError as error:
        flash(str(error), "error")
    else:
        flash(_("« %(title)s » : %(status)s.", title=session.title,
                status=session.status_label), "success")
    return redirect(url_for("training_staff.pending"))
