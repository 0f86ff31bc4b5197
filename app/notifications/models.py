"""Notification preferences and the log of messages, every channel's."""
from datetime import date, datetime

from sqlalchemy import (Boolean, CheckConstraint, Date, ForeignKey, String, Text,
                        UniqueConstraint, false)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import UTCDateTime
from app.extensions import db
from app.timeutil import utcnow


class NotificationPreference(db.Model):
    """A user's choice for one kind of message on one channel (no row: the channel's default)."""

    __tablename__ = "notification_preference"
    __table_args__ = (UniqueConstraint("user_id", "kind", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    channel: Mapped[str] = mapped_column(String(20))
    enabled: Mapped[bool] = mapped_column(Boolean)


# queued: waiting for its task; sending: a task holds it; sent; failed: a
# temporary failure, retried at next_attempt_at (none: given up, `mail retry`
# or the staff page sends it again); deferred: held until next_attempt_at, no
# failure (an SMS in quiet hours); refused: the channel refused it for good.
STATUSES = ("queued", "sending", "sent", "failed", "deferred", "refused")
WAITING = ("queued", "sending", "failed", "deferred")


class SentMessage(db.Model):
    """One message to send on one channel, written in the unit of work that tells it.

    A task delivers it after the commit. Its text (links with tokens too) is
    kept until it is sent, then dropped; the row stays as the log staff read.
    Erased with the person (app/cv/privacy.py).
    """

    __tablename__ = "sent_message"
    __table_args__ = (
        CheckConstraint(f"status IN {STATUSES}", name="status"),
        CheckConstraint("status NOT IN ('failed', 'refused') OR error IS NOT NULL",
                        name="failure_has_error"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    channel: Mapped[str] = mapped_column(String(20), default="mail", server_default="mail")
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"),
                                                index=True)
    template: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(30), default="security", server_default="security")
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(500))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(10), default="queued", server_default="queued",
                                        index=True)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(String(300))
    # The Paris day this SMS took one of the person's SMS_DAILY_CAP places (app/notifications/sms.py).
    sms_day: Mapped[date | None] = mapped_column(Date)

    user = relationship("User")


SentMail = SentMessage  # the name of earlier versions (mails only)
