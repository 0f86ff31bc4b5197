"""Mail preferences and the log of sent mails."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import UTCDateTime
from app.extensions import db
from app.timeutil import utcnow


class MailPreference(db.Model):
    """A kind of mail a user turned off (no row: the kind is on)."""

    __tablename__ = "mail_preference"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))


MAIL_STATUSES = ("sent", "failed", "sending")


class SentMail(db.Model):
    """One mail the platform sent, or failed to send, as staff see it in the back-office.

    A failed mail keeps its whole message until `flask mail retry` sends it
    ("sending" while a retry holds it); none when it could not even be built.
    """

    __tablename__ = "sent_mail"
    __table_args__ = (
        CheckConstraint(f"status IN {MAIL_STATUSES}", name="status"),
        CheckConstraint("status = 'sent' OR error IS NOT NULL", name="failure_has_error"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    template: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(10), default="sent", server_default="sent",
                                        index=True)
    error: Mapped[str | None] = mapped_column(String(300))
    message: Mapped[str | None] = mapped_column(Text)

    user = relationship("User")
