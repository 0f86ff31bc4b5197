"""Accounts and the login throttle."""
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Index
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

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
        {"sqlite_autoincrement": True},  # ids never reused (migration 0018)
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
    # A French mobile in E.164 (+336…, +337…), for SMS (app/notifications/sms.py).
    mobile_phone: Mapped[str | None] = mapped_column(String(16))

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


class Attempt:
    """Columns of what app/auth/throttle.py counts: for which address, from where, when."""

    @declared_attr.directive
    def __table_args__(cls):
        return (Index(f"ix_{cls.__tablename__}_email_at", "email", "at"),
                Index(f"ix_{cls.__tablename__}_address_at", "address", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LoginFailure(Attempt, db.Model):
    """A login attempt not (yet) successful, kept a short while to slow down guessing.

    Written before the password is checked and deleted by a successful login;
    stored in the database so that the limit holds across worker processes.
    """

    __tablename__ = "login_failure"


class MailRequest(Attempt, db.Model):
    """A mail asked for an address from a public form (reset, sign-up) or an invitation.

    Counted per address and per client like login failures, so that nobody
    floods a mailbox through the platform.
    """

    __tablename__ = "mail_request"


class Signup(db.Model):
    """A registration waiting for the owner of its address to open the mailed link.

    No account exists before that, so signing up with somebody else's address
    creates nothing and tells nothing (app/auth/signup.py).
    """

    __tablename__ = "signup"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # first_name, last_name, and what the account is for (a candidate, or an
    # establishment asking to join: its fields)
    details: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
