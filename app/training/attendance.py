"""After the session: who attended, and the list of bookings as CSV."""
from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.queries import to_csv
from app.audit.services import record, record_export
from app.extensions import db
from app.permissions import can_manage_training, check_allowed
from app.timeutil import utcnow
from app.training import renewals
from app.training.errors import AttendanceTooEarly
from app.training.models import Attendee, SeatBooking, TrainingSession
from app.work import unit_of_work


def record_attendance(actor, session_id, present_ids):
    """The organiser marks who attended; every other confirmed attendee was absent."""
    with unit_of_work() as work:
        session = work.lock(TrainingSession, session_id)
        check_allowed(session is not None and can_manage_training(actor, session), _(
            "Seuls l'établissement organisateur et l'équipe de l'association saisissent "
            "les présences."))
        if session.starts_at > utcnow():
            raise AttendanceTooEarly(_("La présence se saisit une fois la session commencée."))
        present = set(present_ids)
        attendees = confirmed_attendees(session)
        for attendee in attendees:
            attendee.attended = attendee.id in present
        renewals.renew_attended(work, session, actor, attendees)
        record("training_attendance", actor=actor, obj=session, present=len(present))


def confirmed_attendees(session):
    """The people expected at the session, by establishment then name."""
    return db.session.scalars(
        select(Attendee).join(SeatBooking)
        .where(SeatBooking.session_id == session.id, SeatBooking.is_confirmed)
        .order_by(SeatBooking.establishment_id, Attendee.name)).all()


def export_bookings(actor, session):
    """Every booking's attendees as CSV text; the export of these names is logged."""
    record_export(actor, "training_export", obj=session)
    header = [_("Établissement"), _("Réservé par"), _("Statut"), _("Salarié(e)"),
              _("Métier"), _("Présent(e)")]
    presence = {True: _("oui"), False: _("non"), None: ""}
    rows = ([booking.establishment.name, booking.booked_by.full_name, booking.status_label,
             attendee.name, attendee.occupation_label, presence[attendee.attended]]
            for booking in session.bookings for attendee in booking.attendees)
    return to_csv(rows, header)
