"""What an organiser does to a session once proposed: edit it until it starts, add seats
(which serves the waiting list), or cancel it (every booking released and told)."""
from flask_babel import gettext as _
from flask_babel import ngettext

from app import mail
from app.audit.services import record
from app.extensions import db
from app.permissions import can_manage_training, check_allowed
from app.timeutil import utcnow
from app import timeutil
from app.training import seats
from app.training.errors import InvalidSession
from app.training.models import SESSION, TrainingDate, TrainingSession
from app.training.sessions import check_schedule
from app.work import unit_of_work

# What the people booked are told of when it changes.
PRACTICAL = ("place", "commune")


def edit(actor, session_id, fields, dates):
    """Change a session that has not started; seats added go to the waiting list first."""
    with unit_of_work() as work:
        session = _lock_editable(work, actor, session_id)
        check_schedule(dates, fields["registration_deadline"], fields["seats_total"],
                       fields["seats_open"], earliest_deadline=min(
                           timeutil.local_today(), session.registration_deadline))
        if fields["seats_open"] < session.seats_taken:
            raise InvalidSession(ngettext(
                "%(num)d place est déjà confirmée : ouvrez-en au moins autant.",
                "%(num)d places sont déjà confirmées : ouvrez-en au moins autant.",
                session.seats_taken), field="seats_open")
        moved = _schedule_of(session) != dates or any(
            fields[name] != getattr(session, name) for name in PRACTICAL)
        for name, value in fields.items():
            setattr(session, name, value)
        _set_dates(session, dates)
        promoted = seats.promote(work, session)
        if moved:
            for booking in session.bookings:
                if booking.is_active and booking not in promoted:
                    work.after_commit(mail.send, booking.booked_by.email, "training_changed",
                                      session=session, booking=booking)
        record("training_edit", actor=actor, obj=session, promoted=len(promoted))
    return session


def cancel_session(actor, session_id, message=None):
    """Call a session off: its bookings cancelled, their seats freed, each booker told."""
    with unit_of_work() as work:
        session = _lock_editable(work, actor, session_id)
        SESSION.apply(session, "cancel", actor)
        released = seats.release_all(session)
        for booking in released:
            work.after_commit(mail.send, booking.booked_by.email, "training_cancelled",
                              session=session, booking=booking, message=message)
        record("training_cancel_session", actor=actor, obj=session, bookings=len(released))
    return released


def _lock_editable(work, actor, session_id):
    """The session locked, if the actor manages it and it has not started nor ended."""
    session = work.lock(TrainingSession, session_id)
    if session is None:
        raise InvalidSession(_("Cette session n'existe plus."))
    check_allowed(can_manage_training(actor, session),
                  _("Seul l'organisateur de la session la modifie ou l'annule."))
    if not session.is_editable:
        raise InvalidSession(_("Cette session est « %(status)s » : elle ne se modifie plus.",
                               status=session.status_label))
    if session.starts_at <= utcnow():
        raise InvalidSession(_("La session a commencé : elle ne se modifie ni ne "
                               "s'annule plus."))
    return session


def _schedule_of(session):
    return [(day.starts_at, day.ends_at) for day in session.dates]


def _set_dates(session, dates):
    """The days given, in place: a day kept keeps its id (and its calendar event)."""
    days = list(session.dates)
    for day, (starts_at, ends_at) in zip(days, dates):
        day.starts_at, day.ends_at = starts_at, ends_at
    for day in days[len(dates):]:
        session.dates.remove(day)
    for starts_at, ends_at in dates[len(days):]:
        session.dates.append(TrainingDate(starts_at=starts_at, ends_at=ends_at))
    session.starts_at, session.ends_at = dates[0][0], max(end for _start, end in dates)
    db.session.flush()
