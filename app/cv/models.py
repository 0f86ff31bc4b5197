"""Candidate profiles of the CV bank, who looked at them, and anonymous counts."""
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import (CheckConstraint, Date, ForeignKey, Integer, String, Text, Time,
                        UniqueConstraint, and_)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from app.cv.lifecycle import (  # noqa: F401  (CONSENT_*, *_REASONS: read from the models)
    APPLICATION, CONSENT_TEXT, CONSENT_VERSION, DECLINE_REASONS, MODERATION, REJECTION_REASONS,
    VISIBILITY)
from app.database import UTCDateTime
from app.extensions import db
from app.pool.models import CONTRACTS, SCHEDULES
from app.referentials import DIPLOMAS, OCCUPATIONS
from app.timeutil import utcnow

RETENTION = timedelta(days=730)


class CodeList(TypeDecorator):
    """A list of codes stored as ',A,B,' so that SQL can filter with LIKE '%,A,%'."""

    impl = String(300)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None or isinstance(value, str):
            return value
        return "," + ",".join(value) + "," if value else ""

    def process_result_value(self, value, dialect):
        return [code for code in (value or "").split(",") if code]

    def coerce_compared_value(self, op, value):
        return String()


class CandidateProfile(db.Model):
    """A candidate's profile and PDF CV; a member may share one before it has an owner."""

    __tablename__ = "candidate_profile"
    __table_args__ = (
        VISIBILITY.check(),
        MODERATION.check(),
        CheckConstraint("visibility <> 'members' OR (consent_at IS NOT NULL AND "
                        "consent_version IS NOT NULL)", name="consented"),
        CheckConstraint("user_id IS NOT NULL OR (contact_email IS NOT NULL AND "
                        "shared_by_establishment_id IS NOT NULL)", name="has_owner"),
        CheckConstraint("share_status IS NULL OR share_status IN ('awaiting', 'consented')",
                        name="share_status"),
        CheckConstraint("years_experience BETWEEN 0 AND 60", name="years_experience"),
        CheckConstraint("cv_size IS NULL OR cv_size > 0", name="cv_size"),
        {"sqlite_autoincrement": True},  # ids never reused (migration 0018)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    headline: Mapped[str] = mapped_column(String(200), default="")
    occupations: Mapped[list] = mapped_column(CodeList, default=list)
    diplomas: Mapped[list] = mapped_column(CodeList, default=list)
    years_experience: Mapped[int] = mapped_column(Integer, default=0)
    contracts: Mapped[list] = mapped_column(CodeList, default=list)
    schedules: Mapped[list] = mapped_column(CodeList, default=list)
    available_from: Mapped[date | None] = mapped_column(Date)
    communes: Mapped[str] = mapped_column(String(300), default="")
    visibility: Mapped[str] = mapped_column(String(10), default="hidden")
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_version: Mapped[str | None] = mapped_column(String(20))
    moderation: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rejection_reason: Mapped[str | None] = mapped_column(String(20))
    rejection_comment: Mapped[str | None] = mapped_column(Text)
    cv_file: Mapped[str | None] = mapped_column(String(64), unique=True)
    cv_filename: Mapped[str | None] = mapped_column(String(200))
    cv_size: Mapped[int | None]
    cv_text: Mapped[str | None] = mapped_column(Text)
    cv_uploaded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    shared_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    shared_by_establishment_id: Mapped[int | None] = mapped_column(
        ForeignKey("establishment.id", ondelete="CASCADE"))
    share_status: Mapped[str | None] = mapped_column(String(10))
    last_contact_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retention_until: Mapped[date] = mapped_column(
        Date, default=lambda: (utcnow() + RETENTION).date(), index=True)
    purge_warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User", foreign_keys=[user_id])
    shared_by = relationship("User", foreign_keys=[shared_by_id])
    shared_by_establishment = relationship("Establishment")
    accesses = relationship("CvAccess", back_populates="profile", cascade="all, delete-orphan",
                            passive_deletes=True, order_by="CvAccess.at.desc()")
    # The owner's applications, with the CV of this profile (none for a shared CV).
    applications = relationship(
        "Application", viewonly=True, order_by="Application.id",
        primaryjoin="CandidateProfile.user_id == foreign(Application.candidate_id)")

    is_shown = VISIBILITY.member_of("shown")
    is_approved = MODERATION.member_of("approved")
    awaits_moderation = MODERATION.member_of("waiting")

    @hybrid_property
    def in_bank(self):
        """Seen by every member: visible by consent, checked by staff, consented if shared."""
        return self.is_shown and self.is_approved and self.share_status != "awaiting"

    @in_bank.inplace.expression
    @classmethod
    def _in_bank(cls):
        return and_(cls.is_shown, cls.is_approved, cls.share_status.is_distinct_from("awaiting"))

    @property
    def awaiting_consent(self):
        return self.share_status == "awaiting"

    @property
    def email(self):
        """Where the candidate is reached."""
        return self.user.email if self.user else self.contact_email

    @property
    def display_name(self):
        return self.user.full_name if self.user else self.contact_email

    @property
    def occupation_labels(self):
        return [OCCUPATIONS[code] for code in self.occupations if code in OCCUPATIONS]

    @property
    def diploma_labels(self):
        return [DIPLOMAS[code] for code in self.diplomas if code in DIPLOMAS]

    @property
    def contract_labels(self):
        return [str(CONTRACTS[code]) for code in self.contracts if code in CONTRACTS]

    @property
    def schedule_labels(self):
        return [str(SCHEDULES[code]) for code in self.schedules if code in SCHEDULES]

    @property
    def visibility_label(self):
        return VISIBILITY.label(self.visibility)

    @property
    def rejection_label(self):
        return REJECTION_REASONS.get(self.rejection_reason, "")

    @property
    def moderation_label(self):
        return MODERATION.label(self.moderation)

    def touch(self, now=None):
        """A contact with the candidate: the two-year retention starts again."""
        self.last_contact_at = now or utcnow()
        self.retention_until = (self.last_contact_at + RETENTION).date()
        self.purge_warned_at = None

    def __repr__(self):
        return f"<CandidateProfile {self.id}>"


class CvAccess(db.Model):
    """One view or download of a CV: who, from which establishment, when."""

    __tablename__ = "cv_access"
    __table_args__ = (CheckConstraint("kind IN ('view', 'download')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_profile.id", ondelete="CASCADE"), index=True)
    viewer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    viewer_name: Mapped[str] = mapped_column(String(201))
    establishment_name: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    profile = relationship("CandidateProfile", back_populates="accesses")

    @property
    def kind_label(self):
        return _l("Téléchargement du CV") if self.kind == "download" else _l("Consultation")


class AnonymousStat(db.Model):
    """A named counter that survives the erasure of the people it counted."""

    __tablename__ = "anonymous_stat"
    __table_args__ = (CheckConstraint("count >= 0", name="count"),)

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class Application(db.Model):
    """A candidate's application to a vacancy, with the CV of their profile."""

    __tablename__ = "application"
    __table_args__ = (
        UniqueConstraint("candidate_id", "vacancy_id", name="once"),
        APPLICATION.check(),
        CheckConstraint("(status = 'declined') = (decline_reason IS NOT NULL)",
                        name="declined_reason"),
        {"sqlite_autoincrement": True},  # ids never reused (migration 0018)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                              index=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancy.id", ondelete="CASCADE"),
                                            index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="received")
    decline_reason: Mapped[str | None] = mapped_column(String(20))
    # The interview an employer set when moving it on (local wall-clock date and time).
    interview_on: Mapped[date | None] = mapped_column(Date)
    interview_time: Mapped[time | None] = mapped_column(Time)
    interview_place: Mapped[str | None] = mapped_column(String(200))
    interview_contact: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    candidate = relationship("User")
    vacancy = relationship("Vacancy")
    profile = relationship(
        "CandidateProfile", viewonly=True, uselist=False,
        primaryjoin="foreign(Application.candidate_id) == CandidateProfile.user_id")

    is_open = APPLICATION.member_of("open")

    @property
    def status_label(self):
        return APPLICATION.label(self.status)

    @property
    def decline_label(self):
        return DECLINE_REASONS.get(self.decline_reason) if self.decline_reason else None

    @property
    def has_interview_details(self):
        return any((self.interview_on, self.interview_time, self.interview_place,
                    self.interview_contact))


