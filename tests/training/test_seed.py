"""The demo data of the training section: realistic, consistent, safe to load twice."""
import pytest
import time_machine
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



@pytest.mark.parametrize("today", ["2026-12-01 08:00Z", "2027-04-10 08:00Z"])
def test_demo_sessions_avoid_sundays_and_public_holidays(app, today):
    from datetime import date
    from app.timeutil import easter, french_public_holidays, local
    assert easter(2026) == date(2026, 4, 5) and easter(2027) == date(2027, 3, 28)
    assert {date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25), date(2026, 7, 14)} <= \
        french_public_holidays(2026)
    with time_machine.travel(today, tick=False):
        seed()
    for session in db.session.scalars(select(TrainingSession)):
        for day in session.dates:
            local_day = local(day.starts_at).date()
            assert local_day.weekday() != 6, session.title
            assert local_day not in french_public_holidays(local_day.year), session.title
