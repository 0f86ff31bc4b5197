"""Booking seats, the waiting list, its promotion and cancellation (services)."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.training import seats
from app.timeutil import local_today as today
from app.training.errors import (AlreadyCancelled, BookingClosed, NoSeatsRequested,
                                 NotYourBooking, TooManySeats)
from app.training.models import SeatBooking, TrainingSession
from tests import factories

NURSE = "J1506"


def people(n):
    return [(f"Salarié {i}", NURSE) for i in range(n)]


def bookings_count():
    return db.session.scalar(select(func.count()).select_from(SeatBooking))


@pytest.fixture
def session(establishment_a, member_a):
    return factories.training_session(establishment_a, created_by=member_a, seats_open=3)


@pytest.fixture
def member_c(app):
    return factories.user("member", establishment=factories.establishment(kind="ssiad"),
                          first_name="Nathalie")


def test_a_booking_that_fits_is_confirmed(session, member_b):
    booking = seats.book(member_b, session.id, people(2))
    assert booking.status == "confirmed" and booking.seats == 2
    assert [a.name for a in booking.attendees] == ["Salarié 0", "Salarié 1"]
    assert db.session.get(TrainingSession, session.id).seats_left == 1


def test_a_request_larger_than_the_seats_left_waits_whole(session, member_a, member_b):
    seats.book(member_a, session.id, people(2))
    booking = seats.book(member_b, session.id, people(2))
    assert booking.status == "waiting"
    assert db.session.get(TrainingSession, session.id).seats_taken == 2


def test_a_newcomer_does_not_overtake_the_waiting_list(session, member_a, member_b, member_c):
    seats.book(member_a, session.id, people(2))
    seats.book(member_b, session.id, people(2))          # waits: 1 seat left
    assert seats.book(member_c, session.id, people(1)).status == "waiting"


def test_cancelling_promotes_the_waiting_list_in_order_and_mails(
        session, member_a, member_b, member_c, outbox):
    first = seats.book(member_a, session.id, people(3))
    second = seats.book(member_b, session.id, people(2))
    third = seats.book(member_c, session.id, people(1))
    assert (second.status, third.status) == ("waiting", "waiting")

    seats.cancel(member_a, first.id)

    statuses = {b.id: b.status for b in db.session.scalars(select(SeatBooking))}
    assert statuses == {first.id: "cancelled", second.id: "confirmed", third.id: "confirmed"}
    assert db.session.get(TrainingSession, session.id).seats_taken == 3
    mail = outbox.last_to(member_b.email)
    assert "Places confirmées" in mail["Subject"] and "Salarié 1" in outbox.body(mail)
    assert outbox.to(member_c.email)


def test_the_head_of_the_queue_is_served_first_even_when_later_ones_fit(
        session, member_a, member_b, member_c):
    holder = seats.book(member_a, session.id, people(1))
    seats.book(member_a, session.id, people(2))
    big = seats.book(member_b, session.id, people(2))
    small = seats.book(member_c, session.id, people(1))
    seats.cancel(member_a, holder.id)                  # 1 seat free: the head needs 2
    db.session.commit()
    assert db.session.get(SeatBooking, big.id).status == "waiting"
    assert db.session.get(SeatBooking, small.id).status == "waiting"


def test_cancelling_one_attendee_frees_one_seat(session, member_a, member_b):
    booking = seats.book(member_a, session.id, people(3))
    waiting = seats.book(member_b, session.id, people(1))
    seats.cancel(member_a, booking.id, booking.attendees[0].id)
    booking = db.session.get(SeatBooking, booking.id)
    assert (booking.status, booking.seats) == ("confirmed", 2)
    assert [a.name for a in booking.attendees] == ["Salarié 1", "Salarié 2"]
    assert db.session.get(SeatBooking, waiting.id).status == "confirmed"


def test_leaving_the_waiting_list(session, member_a, member_b):
    seats.book(member_a, session.id, people(3))
    waiting = seats.book(member_b, session.id, people(1))
    seats.cancel(member_b, waiting.id)
    assert db.session.get(SeatBooking, waiting.id).status == "cancelled"
    assert db.session.get(TrainingSession, session.id).seats_taken == 3
    with pytest.raises(AlreadyCancelled):
        seats.cancel(member_b, waiting.id)


@pytest.mark.parametrize("change, error, message", [
    ({"registration_deadline": today() - timedelta(days=1)}, BookingClosed, "date limite"),
    ({"status": "pending"}, BookingClosed, "pas ouverte"),
    ({"max_per_member": 1}, TooManySeats, "1 place(s) au plus"),
])
def test_refused_bookings_save_nothing(session, member_b, change, error, message):
    for name, value in change.items():
        setattr(session, name, value)
    db.session.commit()
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        seats.book(member_b, session.id, people(2))
    db.session.rollback()
    assert bookings_count() == 0


def test_the_per_member_maximum_counts_earlier_bookings(session, member_b):
    session.max_per_member = 2
    db.session.commit()
    seats.book(member_b, session.id, people(2))
    with pytest.raises(TooManySeats):
        seats.book(member_b, session.id, people(1))


def test_zero_seats_and_more_than_the_session_opens_are_refused(session, member_b):
    with pytest.raises(NoSeatsRequested, match="au moins un"):
        seats.book(member_b, session.id, [])
    db.session.rollback()
    with pytest.raises(TooManySeats, match="n'ouvre que 3 places"):
        seats.book(member_b, session.id, people(4))
    db.session.rollback()
    assert bookings_count() == 0


def test_a_session_already_started_takes_no_booking(establishment_a, member_b):
    started = factories.training_session(establishment_a, days_ahead=-1,
                                         registration_deadline=today())
    with pytest.raises(BookingClosed, match="déjà commencé"):
        seats.book(member_b, started.id, people(1))


def test_cancelling_after_the_deadline_is_refused(session, member_b):
    booking = seats.book(member_b, session.id, people(1))
    session = db.session.get(TrainingSession, session.id)
    session.registration_deadline = today() - timedelta(days=1)
    db.session.commit()
    with pytest.raises(BookingClosed, match="annulation"):
        seats.cancel(member_b, booking.id)
    db.session.rollback()
    assert db.session.get(SeatBooking, booking.id).status == "confirmed"


def test_the_database_refuses_an_oversold_session(session):
    session.seats_taken = session.seats_open + 1
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_the_database_refuses_a_booking_of_no_seat(session, member_b):
    factories.seat_booking(session, member_b, commit=False).seats = 0
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_member_cannot_cancel_another_establishment_s_booking(session, member_a, member_b):
    booking = seats.book(member_b, session.id, people(1))
    with pytest.raises(NotYourBooking):
        seats.cancel(member_a, booking.id)
    db.session.rollback()
    assert db.session.get(SeatBooking, booking.id).status == "confirmed"


def test_an_attendee_of_another_booking_cancels_nothing(session, member_b):
    first = seats.book(member_b, session.id, people(2))
    second = seats.book(member_b, session.id, people(1))
    with pytest.raises(AlreadyCancelled, match="plus inscrite"):
        seats.cancel(member_b, first.id, second.attendees[0].id)
    db.session.rollback()
    assert db.session.get(SeatBooking, first.id).seats == 2
