"""The organiser edits a session until it starts, adds seats, or cancels it."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.errors import DomainError
from app.forms import ActionForm, show_error
from app.permissions import can_view_training, require
from app.security import no_store
from app.timeutil import local
from app.training import organising
from app.training.blueprint import bp
from app.training.forms import DATE_ROWS, SessionForm
from app.training.member_organiser_views import load_managed
from app.training.member_views import SESSION_FIELDS, _dates, _session_fields


def form_data(session):
    """The session as the form's initial values, its days in Paris time."""
    data = {name: getattr(session, name) for name in SESSION_FIELDS}
    data["price"] = session.price_cents / 100 if session.price_cents else None
    data["dates"] = [{"day": local(day.starts_at).date(), "start": local(day.starts_at).time(),
                      "end": local(day.ends_at).time()} for day in session.dates][:DATE_ROWS]
    return data


@bp.route("/<int:session_id>/edit", methods=["GET", "POST"])
@no_store
@require(can_view_training)
def edit(session_id):
    session = load_managed(session_id)
    form = SessionForm(data=form_data(session) if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            organising.edit(current_user, session_id, _session_fields(form), _dates(form))
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("Session modifiée."), "success")
            return redirect(url_for("training.detail", session_id=session_id))
    return render_template("training/session_new.html", form=form, edited=session), \
        400 if form.errors else 200


@bp.route("/<int:session_id>/cancel", methods=["GET", "POST"])
@no_store
@require(can_view_training)
def cancel_session(session_id):
    session = load_managed(session_id)
    form = ActionForm()
    if form.validate_on_submit():
        message = request.form.get("message", "").strip()[:1000] or None
        try:
            released = organising.cancel_session(current_user, session_id, message)
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash(ngettext("Session annulée : %(num)d réservation libérée, son auteur est "
                           "prévenu.", "Session annulée : %(num)d réservations libérées, "
                           "leurs auteurs sont prévenus.", len(released)), "success")
        return redirect(url_for("training.detail", session_id=session_id))
    return render_template("training/session_cancel.html", session=session, form=form,
                           active=[b for b in session.bookings if b.is_active])

