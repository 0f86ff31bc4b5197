"""Members' (and staff's) training pages: the calendar of sessions, a session, booking
seats, the iCalendar files."""
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import DomainError
from app.extensions import db
from app.permissions import (can_book_seats, can_cancel_booking, can_publish_training,
                             can_see_training, can_view_training, require)
from app.security import no_store
from app.forms import ActionForm, show_error
from app.training import calendar, queries, seats, sessions
from app.training.blueprint import bp
from app.timeutil import to_utc
from app.training.forms import BookingForm, FilterForm, SessionForm
from app.training.models import SeatBooking, TrainingSession

SESSION_FIELDS = ("title", "theme", "yearly_theme", "provider", "description", "place",
                  "commune", "seats_total", "seats_open", "max_per_member", "funding",
                  "registration_deadline")


def load_session(session_id):
    """The session if the current user may see it, else 404."""
    session = db.get_or_404(TrainingSession, session_id)
    if not can_see_training(current_user, session):
        abort(404)
    return session


@bp.route("/")
@require(can_view_training)
def index():
    filters = FilterForm(request.args)
    months = queries.by_month(queries.upcoming(**filters.values()))
    return render_template("training/session_list.html", months=months, filters=filters)


@bp.route("/new", methods=["GET", "POST"])
@require(can_publish_training)
def new():
    form = SessionForm()
    if form.validate_on_submit():
        try:
            session = sessions.publish(current_user, _session_fields(form), _dates(form))
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("Session publiée.") if session.is_published else
                  _("Session envoyée : l'association la valide avant publication."), "success")
            return redirect(url_for("training.detail", session_id=session.id))
    return render_template("training/session_new.html", form=form), 400 if form.errors else 200


def _session_fields(form):
    fields = {name: getattr(form, name).data for name in SESSION_FIELDS}
    price = form.price.data
    fields["price_cents"] = int(price * 100) if price else None
    fields["funding"] = fields["funding"] or None
    fields["grants_credential"] = form.grants_credential.data or None
    return fields


def _dates(form):
    return [(to_utc(row.day.data, row.start.data), to_utc(row.day.data, row.end.data))
            for row in (entry.form for entry in form.dates) if row.day.data]


@bp.route("/<int:session_id>")
@require(can_view_training)
def detail(session_id):
    session = load_session(session_id)
    return render_template("training/session_detail.html", session=session)


@bp.route("/<int:session_id>/book", methods=["GET", "POST"])
@require(can_book_seats)
def book(session_id):
    session = load_session(session_id)
    form = BookingForm()
    if form.validate_on_submit():
        try:
            booking = seats.book(current_user, session_id, form.people())
        except DomainError as error:
            show_error(form, error)
        else:
            if booking.is_confirmed:
                flash(_("Places confirmées."), "success")
            else:
                flash(_("Votre demande est sur la liste d'attente, en position %(position)d. "
                        "Vous serez prévenu(e) par e-mail si des places se libèrent.",
                        position=seats.waiting_position(booking)), "warning")
            return redirect(url_for("training.my_bookings"))
    status = 400 if form.errors or request.method == "POST" else 200
    return render_template("training/booking_new.html", session=session, form=form), status


@bp.route("/bookings")
@no_store
@require(can_book_seats)
def my_bookings():
    return render_template("training/booking_list.html",
                           bookings=queries.bookings_of(current_user.establishment_id))


@bp.route("/bookings/<int:booking_id>/cancel", methods=["GET", "POST"])
@no_store
@require(can_book_seats)
def cancel(booking_id):
    booking = db.get_or_404(SeatBooking, booking_id)
    if not can_cancel_booking(current_user, booking):
        abort(404)
    attendee_id = request.values.get("attendee", type=int)
    attendee = next((a for a in booking.attendees if a.id == attendee_id), None)
    if attendee_id is not None and attendee is None:
        abort(404)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            seats.cancel(current_user, booking_id, attendee_id)
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash(_("Annulation enregistrée."), "success")
        return redirect(url_for("training.my_bookings"))
    return render_template("training/booking_cancel.html", booking=booking,
                           attendee=attendee, form=form)


@bp.route("/organised")
@require(can_publish_training)
def organised():
    return render_template("training/session_organised.html",
                           sessions=queries.organised_by(current_user))


@bp.route("/<int:session_id>.ics")
@require(can_view_training)
def session_ics(session_id):
    session = load_session(session_id)
    return _ics(calendar.calendar_of([session], session.title), f"formation-{session.id}.ics")


@bp.route("/calendar.ics")
@require(can_view_training)
def calendar_ics():
    return _ics(calendar.calendar_of(queries.upcoming(), _("Formations GTEC du Bocage")),
                "formations-gtec.ics")


def _ics(body, filename):
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f"attachment; filename={filename}"})
