"""Booking seats, the waiting list and its promotion.

This module is the only one that moves `TrainingSession.seats_taken`. Every
function's unit of work locks the session's row first (app/work.py), so that
two bookings of the same session never count the same free seat, and the
CHECK constraint `not_oversold` makes the database refuse it anyway.
"""
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from app import mail
from app.audit.services import record
from app.extensions import db
from app.permissions import can_book_seats, can_cancel_booking, check_allowed
from app.timeutil import utcnow
from app import timeutil
from app.training.errors import (AlreadyCancelled, BookingClosed, NoSeatsRequested,
                                 NotYourBooking, TooManySeats)
from app.training.models import BOOKING, Attendee, SeatBooking, TrainingSession
from app.work import unit_of_work


def book(actor, session_id, attendees):
    """Book seats for named employees [(name, occupation) or (name, occupation, person
    id)]: confirmed or waiting."""
    with unit_of_work() as work:
        session = work.lock(TrainingSession, session_id)
        _check_member(actor)
        _check_open(session)
        _check_seats(session, actor.establishment_id, len(attendees))
        queue = _waiting(session.id)
        booking = SeatBooking(session=session, establishment_id=actor.establishment_id,
                              booked_by_id=actor.id, seats=len(attendees), status="waiting",
                              attendees=[_attendee(*row) for row in attendees])
        db.session.add(booking)
        if not queue and booking.seats <= session.seats_left:
            _confirm(session, booking)
        db.session.flush()
        record("training_book", actor=actor, obj=booking, session_id=session.id,
               seats=booking.seats, status=booking.status)
    return booking


def cancel(actor, booking_id, attendee_id=None):
    """Cancel a booking, or one attendee of it, then promote the waiting list."""
    with unit_of_work() as work:
        session, booking = _lock_booking(work, booking_id)
        _check_member(actor)
        if booking is None or not can_cancel_booking(actor, booking):
            raise NotYourBooking(_("Cette réservation n'est pas celle de votre établissement."))
        if not BOOKING.can(booking, "cancel"):
            raise AlreadyCancelled(_("Cette réservation est déjà annulée."))
        if timeutil.local_today() > session.registration_deadline:
            raise BookingClosed(_("La date limite est passée : l'annulation n'est plus "
                                  "possible en ligne, prévenez l'organisateur."))
        attendee = next((a for a in booking.attendees if a.id == attendee_id), None)
        if attendee_id is not None and attendee is None:
            raise AlreadyCancelled(_("Cette personne n'est plus inscrite."))
        _release(session, booking, attendee)
        promote(work, session)
        record("training_cancel", actor=actor, obj=booking, session_id=session.id,
               attendee_id=attendee.id if attendee else None)
    return booking


def _attendee(name, occupation, person_id=None):
    """A named seat; `person_id` links it to the account whose credential it renews."""
    return Attendee(name=name, occupation=occupation, person_id=person_id)


def _check_member(actor):
    """The right to book and cancel, read again under the lock (a suspension may have
    come between the page and its submission)."""
    check_allowed(can_book_seats(actor), _("Votre établissement n'est pas (ou plus) membre "
                                           "actif : il ne réserve ni n'annule de places."))


def _lock_booking(work, booking_id):
    """(session, booking) locked in that order, the order every seat change takes."""
    session_id = db.session.scalar(select(SeatBooking.session_id)
                                   .where(SeatBooking.id == booking_id))
    session = work.lock(TrainingSession, session_id) if session_id else None
    return session, work.lock(SeatBooking, booking_id) if session else None


def _check_open(session):
    if session is None or not session.is_published:
        raise BookingClosed(_("Cette session n'est pas ouverte aux réservations."))
    if timeutil.local_today() > session.registration_deadline:
        raise BookingClosed(_("La date limite d'inscription est passée."))
    if session.starts_at <= utcnow():
        raise BookingClosed(_("Cette session a déjà commencé."))


def _check_seats(session, establishment_id, seats):
    if seats < 1:
        raise NoSeatsRequested(_("Indiquez au moins un(e) salarié(e)."))
    if seats > session.seats_open:
        raise TooManySeats(ngettext("Cette session n'ouvre que %(num)d place.",
                                    "Cette session n'ouvre que %(num)d places.",
                                    session.seats_open))
    if session.max_per_member is None:
        return
    already = db.session.scalar(
        select(func.coalesce(func.sum(SeatBooking.seats), 0))
        .where(SeatBooking.session_id == session.id, SeatBooking.is_active,
               SeatBooking.establishment_id == establishment_id))
    if already + seats > session.max_per_member:
        raise TooManySeats(_("%(max)d place(s) au plus par établissement pour cette session "
                             "(déjà réservées : %(already)d).",
                             max=session.max_per_member, already=already))


def _waiting(session_id):
    """The waiting list of a session, first in line first."""
    return db.session.scalars(select(SeatBooking).where(
        SeatBooking.session_id == session_id, SeatBooking.is_waiting)
        .order_by(SeatBooking.id)).all()


def _confirm(session, booking):
    BOOKING.apply(booking, "confirm")
    session.seats_taken += booking.seats


def _release(session, booking, attendee=None):
    """Give back the seats of a booking, or the one seat of an attendee."""
    freed = 1 if attendee is not None and booking.seats > 1 else booking.seats
    if booking.is_confirmed:
        session.seats_taken -= freed
    if freed == booking.seats:
        BOOKING.apply(booking, "cancel")
    else:
        booking.seats -= 1
        booking.attendees.remove(attendee)


def promote(work, session):
    """Serve the waiting list of a locked session with its free seats, and tell each one
    promoted after the commit: after a cancellation, or seats the organiser added."""
    promoted = _promote(session)
    for item in promoted:
        work.after_commit(mail.send, item.booked_by.email, "training_promoted",
                          booking=item, session=session)
    return promoted


def release_all(session):
    """Cancel every active booking of a locked session; returns them (the session is off)."""
    released = [b for b in session.bookings if b.is_active]
    for booking in released:
        _release(session, booking)
    return released


def waiting_position(booking):
    """Where a waiting booking stands in its session's queue (1: next served), else None."""
    if not booking.is_waiting:
        return None
    return db.session.scalar(select(func.count()).where(
        SeatBooking.session_id == booking.session_id, SeatBooking.is_waiting,
        SeatBooking.id <= booking.id))


def _promote(session):
    """Confirm waiting entries in order while the first in line fits.

    Strict order: a large request at the head is not overtaken by smaller ones.
    """
    promoted = []
    for booking in _waiting(session.id):
        if booking.seats > session.seats_left:
            break
        _confirm(session, booking)
        promoted.append(booking)
    return promoted
