"""The daily reminder mailed seven days before a session: `flask remind`."""
from datetime import time, timedelta

import click
from sqlalchemy import select

from app import mail
from app.extensions import db
from app.timeutil import utcnow
from app import timeutil
from app.training.models import TrainingSession
from app.training.seats import lock_session

DAYS_BEFORE = 7


def due_sessions():
    """Published sessions starting within seven days and not reminded yet."""
    horizon = timeutil.to_utc(timeutil.local_today() + timedelta(days=DAYS_BEFORE + 1), time(0))
    return db.session.scalars(select(TrainingSession).where(
        TrainingSession.status == "published", TrainingSession.reminded_at.is_(None),
        TrainingSession.starts_at > utcnow(), TrainingSession.starts_at < horizon)
        .order_by(TrainingSession.starts_at)).all()


def send_reminders():
    """Mail each booking member of the due sessions once; returns how many mails."""
    sent = 0
    for session_id in [s.id for s in due_sessions()]:
        session = lock_session(session_id)
        if session.reminded_at is not None:  # another run reminded it meanwhile
            db.session.rollback()
            continue
        session.reminded_at = utcnow()
        db.session.commit()
        for booking in session.confirmed():
            mail.send(booking.booked_by.email, "training_reminder", session=session,
                      booking=booking)
            sent += 1
    return sent


@click.command("remind")
def remind():
    """Mail the reminders of the sessions starting in seven days (run daily)."""
    sent = send_reminders()
    click.echo(f"Rappels de formation envoyés : {sent}.")
