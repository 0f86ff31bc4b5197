"""An organiser cancels a session while members book it, in processes at once: no
booking stays active on a cancelled session, and seats_taken ends at zero."""
from sqlalchemy import select

from app.extensions import db
from app.training.models import SeatBooking, TrainingSession
from tests import factories
from tests.holds.workers import run_together

BOOKERS = 3


def book(user_id, session_id):
    from app.auth.models import User
    from app.training import seats
    seats.book(db.session.get(User, user_id), session_id, [("Salarié", "J1501")])


def cancel(user_id, session_id):
    from app.auth.models import User
    from app.training import organising
    organising.cancel_session(db.session.get(User, user_id), session_id)


def test_a_cancellation_and_bookings_at_once_leave_no_booking_active(app, tmp_path):
    organiser = factories.establishment()
    owner = factories.user("member", establishment=organiser)
    session = factories.training_session(organiser, created_by=owner, seats_open=2)
    bookers = [factories.user("member", establishment=factories.establishment())
               for _ in range(BOOKERS)]
    jobs = [[(f"{__name__}.book", (member.id, session.id))] for member in bookers]
    jobs.append([(f"{__name__}.cancel", (owner.id, session.id))])
    session_id = session.id
    db.session.commit()
    outcomes = run_together(app.config["DATABASE_URL"], tmp_path, jobs)

    refused = [result for target, result in outcomes if result != "ok"]
    assert all("BookingClosed" in result for result in refused), outcomes
    assert dict(outcomes)[f"{__name__}.cancel"] == "ok"
    db.session.commit()
    session = db.session.get(TrainingSession, session_id)
    assert session.status == "cancelled" and session.seats_taken == 0
    assert db.session.scalars(select(SeatBooking).where(SeatBooking.is_active)).all() == []
