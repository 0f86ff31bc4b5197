"""A browser that agreed to receive this site's notifications, for one account."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.database import UTCDateTime
from app.extensions import db
from app.timeutil import utcnow

# Key sizes of RFC 8291, once in unpadded base64url: a P-256 public point (65 bytes)
# and the 16-byte authentication secret.
P256DH_LENGTH = 87
AUTH_LENGTH = 22
ENDPOINT_MAX = 1000


class PushSubscription(db.Model):
    """The Push API's subscription of one browser (its push service's endpoint and the
    keys that encrypt for it). An endpoint belongs to one account: the last to subscribe
    that browser."""

    __tablename__ = "push_subscription"
    __table_args__ = (
        CheckConstraint(f"length(p256dh) = {P256DH_LENGTH} AND length(auth) = {AUTH_LENGTH}",
                        name="key_lengths"),
        CheckConstraint("endpoint LIKE 'https://%' OR endpoint LIKE 'http://%'",
                        name="endpoint_is_http"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(String(ENDPOINT_MAX), unique=True)
    p256dh: Mapped[str] = mapped_column(String(P256DH_LENGTH))
    auth: Mapped[str] = mapped_column(String(AUTH_LENGTH))
    device: Mapped[str] = mapped_column(String(60), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def info(self):
        """What pywebpush takes: the subscription as the browser's toJSON() gives it."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}
