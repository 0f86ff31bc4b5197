"""The demo data of the training section: realistic, consistent, safe to load twice."""
from sqlalchemy import func, select

from app.extensions import db
from app.seed import seed
from app.training.models import SeatBooking, TrainingSession


def test_seed_adds_training_sessions_once_with_consistent_counters(app):
    assert seed() > 0
    assert seed() == 0
    sessions = db.session.scalars(select(TrainingSession)).all()
    yearly = [s for s in sessions if s.yearly_theme]
    assert len(yearly) == 2 and all(s.organiser_id is None for s in yearly)
    assert {s.status for s in sessions} == {"published", "pending"}
    for session in sessions:
        confirmed = db.session.scalar(select(func.coalesce(func.sum(SeatBooking.seats), 0))
                                      .where(SeatBooking.session_id == session.id,
                                             SeatBooking.status == "confirmed"))
        assert session.seats_taken == confirmed
    first = min(yearly, key=lambda s: s.starts_at)
    kinds = {b.establishment.kind for b in first.bookings}
    assert kinds == {"ehpad", "saad"}
