"""The lifecycles of sessions and bookings, and the rights their services read under the lock."""
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.errors import InvalidTransition, NotAllowed
from app.extensions import db
from app.timeutil import local_today, utcnow
from app.training import attendance, seats, sessions
from app.training.models import BOOKING, SESSION, SeatBooking, TrainingSession
from tests import factories
from tests.meanwhile import demote, suspend

# Every move the platform allows; any other (state, action) pair is refused.
SESSION_MOVES = {("pending", "approve"): "published", ("pending", "reject"): "rejected"}
BOOKING_MOVES = {("waiting", "confirm"): "confirmed", ("waiting", "cancel"): "cancelled",
                 ("confirmed", "cancel"): "cancelled"}
SESSION_LABELS = {"pending": "En attente de validation", "published": "Publiée",
                  "rejected": "Refusée"}
BOOKING_LABELS = {"confirmed": "Confirmée", "waiting": "Liste d'attente",
                  "cancelled": "Annulée"}
# lifecycle, model, allowed moves, state labels, refusal
LIFECYCLES = {"session": (SESSION, TrainingSession, SESSION_MOVES, SESSION_LABELS,
                          "Cette session est déjà"),
              "booking": (BOOKING, SeatBooking, BOOKING_MOVES, BOOKING_LABELS,
                          "Cette réservation est déjà")}
CASES = [(name, state, action) for name, actions in (("session", ("approve", "reject")),
                                                     ("booking", ("confirm", "cancel")))
         for state in LIFECYCLES[name][3] for action in actions]
# what each move writes besides the state
WRITTEN = {"approve": {"rejection_reason": None}, "reject": {"rejection_reason": "duplicate",
                                                          "rejection_comment": "Déjà vue."},
           "confirm": {"cancelled_at": None}, "cancel": {"confirmed_at": None}}
STAMPED = {"approve": "published_at", "reject": None, "confirm": "confirmed_at",
           "cancel": "cancelled_at"}


@pytest.mark.parametrize("name, state, action", CASES)
def test_moves_and_refusals(app, name, state, action):
    lifecycle, model, moves, labels, refusal = LIFECYCLES[name]
    obj = model(status=state)
    details = {"reason": "duplicate", "comment": "Déjà vue."} if name == "session" else {}
    target = moves.get((state, action))
    assert lifecycle.can(obj, action) == (target is not None)
    if target is None:
        with pytest.raises(InvalidTransition, match=f"{refusal} « {labels[state]} »"):
            lifecycle.apply(obj, action, **details)
        assert obj.status == state
        return
    lifecycle.apply(obj, action, **details)
    assert obj.status == target
    assert {key: getattr(obj, key) for key in WRITTEN[action]} == WRITTEN[action]
    assert STAMPED[action] is None or getattr(obj, STAMPED[action]) is not None


def test_groups_filter_in_python_and_in_sql(establishment_a, member_a, member_b):
    made = {state: factories.training_session(establishment_a, status=state,
                                              rejection_reason="duplicate")
            for state in SESSION_LABELS}
    published = made["published"]
    bookings = {state: factories.seat_booking(published, member_b, status=state)
                for state in BOOKING_LABELS}
    for group in ("is_pending", "is_published", "is_rejected"):
        found = db.session.scalars(select(TrainingSession).where(
            getattr(TrainingSession, group))).all()
        assert found == [s for s in made.values() if getattr(s, group)]
        assert len(found) == 1
    active = db.session.scalars(select(SeatBooking.id).where(SeatBooking.is_active)
                                .order_by(SeatBooking.id)).all()
    assert active == [bookings["confirmed"].id, bookings["waiting"].id]
    assert [b.is_active for b in bookings.values()] == [True, True, False]


@pytest.mark.parametrize("model", [TrainingSession, SeatBooking])
def test_the_database_refuses_a_state_outside_the_lifecycle(establishment_a, member_b, model):
    session = factories.training_session(establishment_a)
    row = session if model is TrainingSession else factories.seat_booking(session, member_b)
    row.status = "draft"
    with pytest.raises(IntegrityError, match="(?i)check"):
        db.session.commit()
    db.session.rollback()


@pytest.fixture
def pending(establishment_a, member_a):
    return factories.training_session(establishment_a, created_by=member_a, status="pending",
                                      published_at=None)


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_staff_who_lost_the_right_cannot_moderate(staff, pending, outbox, action):
    assert staff.role == "staff"  # what the page saw
    demote(staff)
    with pytest.raises(NotAllowed, match="Seule l'équipe de l'association valide"):
        sessions.moderate(staff, pending.id, action, "duplicate", "Non.")
    db.session.rollback()
    assert db.session.get(TrainingSession, pending.id).status == "pending"
    assert outbox.messages() == []


def test_moderating_a_session_deleted_meanwhile_says_so(staff):
    with pytest.raises(InvalidTransition, match="n'existe plus"):
        sessions.moderate(staff, 999, "approve")


def test_a_member_suspended_meanwhile_cannot_publish(member_a):
    assert member_a.establishment.is_active  # what the page saw
    suspend(member_a.establishment)
    first = utcnow() + timedelta(days=20)
    fields = dict(title="Bientraitance", theme="bientraitance", yearly_theme=False,
                  provider="IFSI", description="Programme.", place="Salle", commune="Vire",
                  seats_total=4, seats_open=4, max_per_member=None, funding=None,
                  price_cents=None, registration_deadline=local_today() + timedelta(days=10))
    with pytest.raises(NotAllowed, match="membre actif"):
        sessions.publish(member_a, fields, [(first, first + timedelta(hours=7))])
    db.session.rollback()
    assert db.session.scalar(select(TrainingSession.id)) is None


def test_a_member_suspended_meanwhile_cannot_book_nor_cancel(establishment_a, member_b):
    session = factories.training_session(establishment_a)
    booking = factories.seat_booking(session, member_b)
    assert member_b.establishment.is_active
    suspend(member_b.establishment)
    with pytest.raises(NotAllowed, match="membre actif"):
        seats.book(member_b, session.id, [("Marie Durand", "J1501")])
    db.session.rollback()
    with pytest.raises(NotAllowed, match="membre actif"):
        seats.cancel(member_b, booking.id)
    db.session.rollback()
    assert [b.status for b in db.session.scalars(select(SeatBooking))] == ["confirmed"]


def test_only_the_organiser_records_attendance(establishment_a, member_a, member_b):
    session = factories.training_session(establishment_a, created_by=member_a, days_ahead=-1,
                                          registration_deadline=local_today())
    attendee = factories.seat_booking(session, member_b).attendees[0]
    with pytest.raises(NotAllowed, match="établissement organisateur"):
        attendance.record_attendance(member_b, session.id, [attendee.id])
    db.session.rollback()
    attendance.record_attendance(member_a, session.id, [attendee.id])
    assert db.session.get(type(attendee), attendee.id).attended is True
