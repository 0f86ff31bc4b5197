"""Secret calendar feed URLs: the one way to make and renew them.

A calendar app fetches a feed without logging in, so the URL carries a secret.
Renewing it (when it leaked) makes the old URL answer 404. The replacement pool
keeps its secret on the professional's profile; other feeds (a member's training
bookings) keep one row per user and purpose here.
"""
import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from app.audit.services import record
from app.auth.models import User
from app.database import UTCDateTime
from app.extensions import db
from app.timeutil import utcnow
from app.work import unit_of_work

MAX_LENGTH = 40


def new_token():
    """The secret of a private calendar feed URL."""
    return secrets.token_urlsafe(24)


class FeedToken(db.Model):
    """The current secret of one user's feed of one purpose ("training")."""

    __tablename__ = "feed_token"
    __table_args__ = (UniqueConstraint("user_id", "purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(20))
    token: Mapped[str] = mapped_column(String(MAX_LENGTH), unique=True, default=new_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def current(user, purpose):
    """The user's secret for `purpose`, or None when none was asked for yet."""
    return db.session.scalar(select(FeedToken.token).where(
        FeedToken.user_id == user.id, FeedToken.purpose == purpose))


def owner_of(token, purpose):
    """The user whose feed `token` is, or None (unknown, or renewed since)."""
    if not token or len(token) > MAX_LENGTH:
        return None
    row = db.session.scalar(select(FeedToken).where(
        FeedToken.token == token, FeedToken.purpose == purpose))
    return db.session.get(User, row.user_id) if row else None


def renew(actor, purpose):
    """A new secret for the actor's feed (the first one, or one that kills the old URL)."""
    with unit_of_work() as work:
        row = work.lock_one(select(FeedToken).where(
            FeedToken.user_id == actor.id, FeedToken.purpose == purpose))
        if row is None:
            row = FeedToken(user_id=actor.id, purpose=purpose)
            db.session.add(row)
        else:
            row.token, row.created_at = new_token(), utcnow()
        db.session.flush()
        record("feed_renewed", actor=actor, purpose=purpose)
        return row.token

