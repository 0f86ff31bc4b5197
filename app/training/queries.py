"""Reading training sessions and bookings for the pages."""
from datetime import datetime, time
from itertools import groupby

from sqlalchemy import func, or_, select

from app import indexing
from app.extensions import db
from app.timeutil import utcnow
from app import timeutil
from app.training.models import SeatBooking, TrainingSession


def published():
    """Published sessions not yet over, soonest first: what every member sees."""
    return (select(TrainingSession).where(TrainingSession.is_published,
                                          TrainingSession.ends_at > utcnow())
            .order_by(TrainingSession.starts_at, TrainingSession.id))


def upcoming(theme=None, since=None, place=None, q=None):
    """Published sessions not yet over, soonest first, filtered."""
    start = timeutil.to_utc(since, time(0)) if since else None
    query = indexing.matching(published(), TrainingSession, "training", q, ranked_order=False)
    if theme:
        query = query.where(TrainingSession.theme == theme)
    if start:
        query = query.where(TrainingSession.starts_at >= start)
    if place:
        pattern = f"%{place.lower()}%"
        query = query.where(or_(func.lower(TrainingSession.commune).like(pattern),
                                func.lower(TrainingSession.place).like(pattern)))
    return db.session.scalars(query).all()


def by_month(sessions):
    """[(first day of the month, sessions)] in the order given."""
    def month(session):
        day = timeutil.local(session.starts_at).date()
        return datetime(day.year, day.month, 1)
    return [(key, list(group)) for key, group in groupby(sessions, key=month)]


def bookings_of(establishment_id):
    """An establishment's bookings, the most recent first."""
    return db.session.scalars(select(SeatBooking).where(
        SeatBooking.establishment_id == establishment_id)
        .order_by(SeatBooking.id.desc())).all()


def organised_by(user):
    """The sessions a user's establishment organises (the association's, for staff)."""
    organiser = user.establishment_id
    return db.session.scalars(select(TrainingSession).where(
        TrainingSession.organiser_id.is_(None) if organiser is None
        else TrainingSession.organiser_id == organiser)
        .order_by(TrainingSession.starts_at.desc())).all()



def booked_by(establishment_id):
    """Sessions not yet over where the establishment holds confirmed seats, soonest first."""
    if establishment_id is None:
        return []
    return db.session.scalars(published().where(TrainingSession.id.in_(
        select(SeatBooking.session_id).where(SeatBooking.establishment_id == establishment_id,
                                             SeatBooking.is_confirmed)))).all()
