"""The daily reminder mailed seven days before a session: `flask remind`."""
from datetime import time, timedelta

import click
from sqlalchemy import select

from flask_babel import gettext as _
from flask_babel import ngettext

from app import mail
from app.extensions import db
from app.timeutil import utcnow
from app import timeutil
from app.training.models import TrainingSession
from app.work import unit_of_work

DAYS_BEFORE = 7


def due_sessions():
    """Published sessions starting within seven days and not reminded yet."""
    horizon = timeutil.to_utc(timeutil.local_today() + timedelta(days=DAYS_BEFORE + 1), time(0))
    return db.session.scalars(select(TrainingSession).where(
        TrainingSession.is_published, TrainingSession.reminded_at.is_(None),
        TrainingSession.starts_at > utcnow(), TrainingSession.starts_at < horizon)
        .order_by(TrainingSession.starts_at)).all()


def send_reminders():
    """Mail each booking member of the due sessions once; returns how many mails."""
    return sum(_remind(session_id) for session_id in [s.id for s in due_sessions()])


def _remind(session_id):
    """Mark one session reminded and mail its bookers after the commit; how many mails."""
    with unit_of_work() as work:
        session = work.lock(TrainingSession, session_id)
        if session.reminded_at is not None:  # another run reminded it meanwhile
            return 0
        session.reminded_at = utcnow()
        bookings = session.confirmed()
        days = (timeutil.local(session.starts_at).date() - timeutil.local_today()).days
        for booking in bookings:
            work.after_commit(mail.send, booking.booked_by.email, "training_reminder",
                              session=session, booking=booking, when=in_days(days))
    return len(bookings)


def in_days(days):
    """The delay as a reminder says it: « demain », « dans 5 jours »."""
    if days <= 0:
        return _("aujourd'hui")
    if days == 1:
        return _("demain")
    return ngettext("dans %(num)d jour", "dans %(num)d jours", days)


@click.command("remind")
def remind():
    """Mail the reminders of the sessions starting in seven days (run daily)."""
    sent = send_reminders()
    click.echo(f"Rappels de formation envoyés : {sent}.")
