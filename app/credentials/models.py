"""Credentials of a person (diploma, certificate, licence) and who opened their proofs."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import uploads
from app.credentials.lifecycle import STATES, state_of
from app.database import UTCDateTime
from app.extensions import db
from app.referentials import CREDENTIALS
from app.timeutil import local_today, utcnow

PROOF_FOLDER = "credentials"
uploads.names_files("credential", "proof_file", PROOF_FOLDER)  # what a backup copies
ACCESS_KINDS = {"view": _l("Consultation"), "download": _l("Téléchargement")}


def _known_types():
    listed = ", ".join(f"'{code}'" for code in CREDENTIALS)
    return CheckConstraint(f"type IN ({listed})", name="type")


class Credential(db.Model):
    """One credential of a holder: its type, number, dates, PDF proof and verification."""

    __tablename__ = "credential"
    __table_args__ = (
        _known_types(),
        CheckConstraint("expires_on IS NULL OR expires_on >= obtained_on", name="dates"),
        CheckConstraint("(verified_at IS NULL) = (verified_by_name IS NULL)", name="verified"),
        CheckConstraint("proof_size IS NULL OR proof_size > 0", name="proof_size"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    holder_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                           index=True)
    type: Mapped[str] = mapped_column(String(20))
    number: Mapped[str | None] = mapped_column(String(40))
    obtained_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    proof_file: Mapped[str | None] = mapped_column(String(64), unique=True)
    proof_filename: Mapped[str | None] = mapped_column(String(200))
    proof_size: Mapped[int | None]
    verified_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))
    verified_by_name: Mapped[str | None] = mapped_column(String(201))  # kept if they leave
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    holder = relationship("User", foreign_keys=[holder_id])
    accesses = relationship("CredentialAccess", back_populates="credential", cascade="all, delete-orphan",
                            passive_deletes=True, order_by="CredentialAccess.at.desc()")

    @property
    def type_label(self):
        return CREDENTIALS[self.type]

    @property
    def state(self):
        return state_of(self, local_today())

    @property
    def state_label(self):
        return STATES[self.state]


class CredentialAccess(db.Model):
    """Someone other than the holder opened a proof (the holder sees the list)."""

    __tablename__ = "credential_access"

    id: Mapped[int] = mapped_column(primary_key=True)
    credential_id: Mapped[int] = mapped_column(
        ForeignKey("credential.id", ondelete="CASCADE"), index=True)
    viewer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    viewer_name: Mapped[str] = mapped_column(String(201))
    establishment_name: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    credential = relationship("Credential", back_populates="accesses")

    @property
    def kind_label(self):
        return ACCESS_KINDS[self.kind]
