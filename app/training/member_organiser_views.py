"""The organiser's pages of a session: bookings, CSV export, attendance sheet, presence."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.audit.queries import csv_response
from app.errors import DomainError
from app.mfa.guards import recent_password_required
from app.permissions import can_manage_training, can_view_training, require
from app.security import no_store
from app.forms import ActionForm
from app.training import attendance
from app.training.blueprint import bp
from app.training.member_views import load_session


def load_managed(session_id):
    """The session if the current user organises it (or is staff); 404 otherwise."""
    session = load_session(session_id)
    if not can_manage_training(current_user, session):
        abort(404)
    return session


@bp.route("/<int:session_id>/bookings")
@no_store
@require(can_view_training)
def session_bookings(session_id):
    session = load_managed(session_id)
    return render_template("training/session_bookings.html", session=session)


@bp.route("/<int:session_id>/bookings.csv")
@no_store
@require(can_view_training)
@recent_password_required
def bookings_csv(session_id):
    session = load_managed(session_id)
    return csv_response(attendance.export_bookings(current_user, session),
                        f"inscriptions-formation-{session.id}.csv")


@bp.route("/<int:session_id>/sheet")
@no_store
@require(can_view_training)
def attendance_sheet(session_id):
    session = load_managed(session_id)
    return render_template("training/attendance_sheet.html", session=session,
                           attendees=attendance.confirmed_attendees(session))


@bp.route("/<int:session_id>/attendance", methods=["GET", "POST"])
@no_store
@require(can_view_training)
def attendance_record(session_id):
    session = load_managed(session_id)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            attendance.record_attendance(current_user, session_id,
                                         request.form.getlist("present", type=int))
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash(_("Présences enregistrées."), "success")
        return redirect(url_for("training.attendance_record", session_id=session_id))
    return render_template("training/attendance_record.html", session=session, form=form,
                           attendees=attendance.confirmed_attendees(session))
