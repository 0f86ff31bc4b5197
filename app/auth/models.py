"""Accounts and the login throttle."""
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import UTCDateTime
from app.extensions import db
from app.timeutil import utcnow

ROLES = {"candidate": _l("Candidat"), "member": _l("Membre d'un établissement"),
         "staff": _l("Équipe de l'association")}


def new_session_token():
    """A fresh random token that names every session of one user."""
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    """Anyone with an account: candidate, member of an establishment, or staff."""

    __tablename__ = "user"
    __table_args__ = (
        CheckConstraint("role IN ('candidate', 'member', 'staff')", name="role"),
        CheckConstraint("role <> 'member' OR establishment_id IS NOT NULL",
                        name="member_has_establishment"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    establishment_id: Mapped[int | None] = mapped_column(
        ForeignKey("establishment.id", ondelete="RESTRICT"), index=True)
    disabled: Mapped[bool] = mapped_column(default=False)
    session_token: Mapped[str] = mapped_column(
        String(64), unique=True, default=new_session_token)
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    establishment = relationship("Establishment", back_populates="users")

    @property
    def full_name(self):
        """First and last name, as shown on screen."""
        return f"{self.first_name} {self.last_name}"

    @property
    def role_label(self):
        """The role as shown on screen."""
        return ROLES[self.role]

    @property
    def is_active(self):
        """flask-login refuses sessions of a disabled account."""
        return not self.disabled

    def get_id(self):
        """Sessions carry the rotating token, never the numeric id."""
        return self.session_token

    def end_all_sessions(self):
        """Make every session cookie issued to this user worthless."""
        self.session_token = new_session_token()

    def __repr__(self):
        return f"<User {self.id} {self.role}>"


class LoginFailure(db.Model):
    """A failed login, kept a short while to slow down password guessing.

    Stored in the database so that the limit holds across worker processes.
    """

    __tablename__ = "login_failure"
    __table_args__ = (
        Index("ix_login_failure_email_at", "email", "at"),
        Index("ix_login_failure_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
