"""A search a user saved, and the watermark of its last digest."""
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import UTCDateTime
from app.extensions import db
from app.search_views.tabs import TABS
from app.timeutil import utcnow

KINDS = tuple(TABS)  # the declared kinds of document (app/search/kinds.py)
NAME_MAX = 100
QUERY_MAX = 300


class SavedSearch(db.Model):
    """The text, tab and facet filters of a /search page, kept to be mailed its news.

    `last_sent_at` is the watermark: the digest mails what became new after it.
    """

    __tablename__ = "saved_search"
    __table_args__ = (
        CheckConstraint(f"kind IN ({', '.join(map(repr, KINDS))})", name="kind"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    kind: Mapped[str] = mapped_column(String(20))
    query: Mapped[str] = mapped_column(String(QUERY_MAX), default="")
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User")

    def __repr__(self):
        return f"<SavedSearch {self.id} {self.kind}>"
