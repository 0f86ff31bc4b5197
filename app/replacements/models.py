"""The replacement pool: professionals, their availability, missions and who takes them.

Times are stored in UTC (UTCDateTime); a shift's day and slot are read in
Europe/Paris (app/timeutil.py). The rules that decide who may take a mission
are counted across every establishment of the platform (app/replacements/
eligibility.py), which is why the hours live in one place: the shifts of the
missions a person holds (Assignment in ASSIGNMENT's "holds" group).
"""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (CheckConstraint, Date, Float, ForeignKey, Index, String, Text,
                        UniqueConstraint, select)
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from app.database import UTCDateTime
from app.auth.models import User  # noqa: F401  (the relationships name these)
from app.extensions import db
from app.credentials.models import Credential  # noqa: F401
from app.feeds import new_token as new_feed_token  # one way to make feed secrets
from app.members.models import Establishment  # noqa: F401
from app.referentials import CREDENTIALS, DIPLOMAS, OCCUPATION_CREDENTIALS, OCCUPATIONS
from app.replacements.lifecycle import ASSIGNMENT, MISSION, PROFILE
from app.timeutil import utcnow

# The slots of the availability calendar, with their usual local hours (start, end):
# a mission's shift falls in the slot its local start time belongs to ("journée"
# covers a day shift, and is covered by "matin" + "après-midi").
SLOTS = {
    "morning": (_l("Matin"), 6, 14),
    "afternoon": (_l("Après-midi"), 13, 21),
    "night": (_l("Nuit"), 20, 8),
    "day": (_l("Journée"), 7, 20),
}
LEVELS = {"available": _l("Disponible"), "last_resort": _l("En dernier recours"),
          "unavailable": _l("Indisponible")}
MODES = {"validate": _l("Je valide la personne retenue"),
         "first": _l("Premier qui accepte")}
REACHES = {"network": _l("Mon réseau seulement (personnes ayant déjà travaillé chez nous)"),
           "network_then_pool": _l("Mon réseau d'abord, puis tout le vivier du territoire"),
           "pool": _l("Tout le vivier du territoire dès le début")}
# What an establishment does with an expired or unverified required credential.
CREDENTIAL_RULES = {"block": _l("Bloquer : la personne ne reçoit pas nos missions"),
                    "warn": _l("Avertir : la personne reste éligible, un avertissement s'affiche")}
MAX_WEEKLY_HOURS = 48
CONSENT_VERSION = "2026-12"
CONSENT_TEXT = _l("J'accepte que les établissements adhérents de l'association voient mon "
                  "profil de remplaçant(e) et me proposent des missions selon mes "
                  "disponibilités, jusqu'à ce que je quitte le vivier (un clic suffit).")


def _in(column, values):
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


class ReplacementProfile(db.Model):
    """A professional of the pool ("vivier de remplaçants"): one per account."""

    __tablename__ = "replacement_profile"
    __table_args__ = (
        PROFILE.check(name="status"),
        CheckConstraint(f"weekly_ceiling_hours BETWEEN 1 AND {MAX_WEEKLY_HOURS}",
                        name="weekly_ceiling"),
        CheckConstraint("radius_km BETWEEN 0 AND 200", name="radius"),
        CheckConstraint("length(home_insee) = 5", name="home_insee"),
        CheckConstraint("(checked_at IS NULL) = (checked_by_id IS NULL)", name="checked_by"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    # Where the person lives, and how far they go (0: only the communes listed).
    home_insee: Mapped[str] = mapped_column(String(5))
    home_commune: Mapped[str] = mapped_column(String(100))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    radius_km: Mapped[int] = mapped_column(default=20)
    weekly_ceiling_hours: Mapped[int] = mapped_column(default=35)
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    consent_version: Mapped[str] = mapped_column(String(10))
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("establishment.id", ondelete="SET NULL"))
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    feed_token: Mapped[str] = mapped_column(String(40), unique=True, default=new_feed_token)
    last_mission_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    calendar_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user = relationship("User", foreign_keys=[user_id], lazy="joined",
                        backref=backref("replacement_profile", uselist=False))
    occupations = relationship("ProfileOccupation", cascade="all, delete-orphan",
                               lazy="selectin")
    diplomas = relationship("ProfileDiploma", cascade="all, delete-orphan", lazy="selectin")
    communes = relationship("ProfileCommune", cascade="all, delete-orphan", lazy="selectin")
    employers = relationship("ProfileEmployer", cascade="all, delete-orphan", lazy="selectin")

    is_alerted = PROFILE.member_of("alerted")
    is_checked = PROFILE.member_of("checked")

    @property
    def status_label(self):
        return PROFILE.label(self.status)

    @property
    def occupation_codes(self):
        return {row.occupation for row in self.occupations}

    @property
    def diploma_codes(self):
        return {row.diploma for row in self.diplomas}

    def __repr__(self):
        return f"<ReplacementProfile {self.id} {self.status}>"


class ProfileOccupation(db.Model):
    """An occupation (ROME) the professional takes missions in."""

    __tablename__ = "profile_occupation"
    __table_args__ = (CheckConstraint(_in("occupation", OCCUPATIONS), name="occupation"),
                      Index("ix_profile_occupation_occupation", "occupation", "profile_id"))

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("replacement_profile.id", ondelete="CASCADE"), primary_key=True)
    occupation: Mapped[str] = mapped_column(String(5), primary_key=True)


class ProfileDiploma(db.Model):
    """A diploma the professional declared."""

    __tablename__ = "profile_diploma"
    __table_args__ = (CheckConstraint(_in("diploma", DIPLOMAS), name="diploma"),)

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("replacement_profile.id", ondelete="CASCADE"), primary_key=True)
    diploma: Mapped[str] = mapped_column(String(10), primary_key=True)


class ProfileCommune(db.Model):
    """A commune the professional goes to, beside the radius around home."""

    __tablename__ = "profile_commune"
    __table_args__ = (CheckConstraint("length(insee) = 5", name="insee"),
                      Index("ix_profile_commune_insee", "insee"))

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("replacement_profile.id", ondelete="CASCADE"), primary_key=True)
    insee: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class ProfileEmployer(db.Model):
    """An establishment the professional already works for: its network, the first tier."""

    __tablename__ = "profile_employer"

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("replacement_profile.id", ondelete="CASCADE"), primary_key=True)
    establishment_id: Mapped[int] = mapped_column(
        ForeignKey("establishment.id", ondelete="CASCADE"), primary_key=True, index=True)


class AvailabilityRule(db.Model):
    """A repeat ("every Tuesday night"), written out as Availability rows ahead."""

    __tablename__ = "availability_rule"
    __table_args__ = (CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
                      CheckConstraint(_in("slot", SLOTS), name="slot"),
                      CheckConstraint(_in("level", LEVELS), name="level"),
                      CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates"))

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("replacement_profile.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int]  # Monday 0 … Sunday 6, as date.weekday()
    slot: Mapped[str] = mapped_column(String(10))
    level: Mapped[str] = mapped_column(String(12))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)


class Availability(db.Model):
    """One slot of one day: available, last resort or unavailable.

    A row written by a repeat carries its rule; a choice made for the day itself
    has no rule and wins over the repeat. No row: nothing said (not alerted).
    """

    __tablename__ = "availability"
    __table_args__ = (UniqueConstraint("profile_id", "day", "slot", name="uq_availability_slot"),
                      CheckConstraint(_in("slot", SLOTS), name="slot"),
                      CheckConstraint(_in("level", LEVELS), name="level"),
                      Index("ix_availability_day_slot", "day", "slot", "level"))

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("replacement_profile.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    slot: Mapped[str] = mapped_column(String(10))
    level: Mapped[str] = mapped_column(String(12))
    rule_id: Mapped[int | None] = mapped_column(
        ForeignKey("availability_rule.id", ondelete="SET NULL"))


class AlertPolicy(db.Model):
    """How an establishment alerts the pool: tiers, the delay between waves, wave size."""

    __tablename__ = "alert_policy"
    __table_args__ = (CheckConstraint(_in("reach", REACHES), name="reach"),
                      CheckConstraint("wave_delay_minutes BETWEEN 1 AND 1440", name="delay"),
                      CheckConstraint("wave_size BETWEEN 1 AND 500", name="wave_size"),
                      CheckConstraint(_in("credential_rule", CREDENTIAL_RULES),
                                      name="credential_rule"))

    establishment_id: Mapped[int] = mapped_column(
        ForeignKey("establishment.id", ondelete="CASCADE"), primary_key=True)
    reach: Mapped[str] = mapped_column(String(20), default="network_then_pool")
    wave_delay_minutes: Mapped[int] = mapped_column(default=20)
    wave_size: Mapped[int] = mapped_column(default=20)
    credential_rule: Mapped[str] = mapped_column(String(10), default="block",
                                                 server_default="block")


class PersonQuota(db.Model):
    """An establishment's ceiling of hours per month for one professional."""

    __tablename__ = "person_quota"
    __table_args__ = (CheckConstraint("monthly_hours BETWEEN 1 AND 300", name="monthly_hours"),)

    establishment_id: Mapped[int] = mapped_column(
        ForeignKey("establishment.id", ondelete="CASCADE"), primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("replacement_profile.id", ondelete="CASCADE"), primary_key=True)
    monthly_hours: Mapped[int]


class Mission(db.Model):
    """A short replacement an establishment needs: one or several shifts."""

    __tablename__ = "mission"
    __table_args__ = (
        MISSION.check(name="status"),
        CheckConstraint(_in("occupation", OCCUPATIONS), name="occupation"),
        CheckConstraint(_in("mode", MODES), name="mode"),
        CheckConstraint(_in("reach", REACHES), name="reach"),
        CheckConstraint("withdraw_hours BETWEEN 0 AND 720", name="withdraw_hours"),
        CheckConstraint("ends_at > starts_at", name="dates"),
        CheckConstraint("status <> 'cancelled' OR cancel_reason IS NOT NULL",
                        name="cancelled_reason"),
        Index("ix_mission_establishment_starts", "establishment_id", "starts_at"),
        Index("ix_mission_status_starts", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    establishment_id: Mapped[int] = mapped_column(
        ForeignKey("establishment.id", ondelete="RESTRICT"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    occupation: Mapped[str] = mapped_column(String(5))
    site: Mapped[str] = mapped_column(String(200), default="")  # site or unit
    note: Mapped[str] = mapped_column(Text, default="")
    mode: Mapped[str] = mapped_column(String(10), default="validate")
    reach: Mapped[str] = mapped_column(String(20), default="network_then_pool")
    status: Mapped[str] = mapped_column(String(20), default="open")
    # Where the mission takes place (distance is counted from there).
    insee: Mapped[str] = mapped_column(String(5))
    commune: Mapped[str] = mapped_column(String(100))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    # First start and last end of its shifts, kept with them (lists, planning, deadlines).
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    fill_by: Mapped[datetime] = mapped_column(UTCDateTime)  # nobody by then: unfilled
    withdraw_hours: Mapped[int] = mapped_column(default=24)  # withdrawing allowed until
    tier: Mapped[int] = mapped_column(default=0)  # the tier and wave alerted so far
    wave: Mapped[int] = mapped_column(default=0)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    filled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    establishment = relationship("Establishment", lazy="joined")
    author = relationship("User")
    shifts = relationship("MissionShift", cascade="all, delete-orphan", lazy="selectin",
                          order_by="MissionShift.starts_at", back_populates="mission")
    diplomas = relationship("MissionDiploma", cascade="all, delete-orphan", lazy="selectin")
    credentials = relationship("MissionCredential", cascade="all, delete-orphan",
                               lazy="selectin")
    assignments = relationship("Assignment", back_populates="mission",
                               order_by="Assignment.id")

    is_open = MISSION.member_of("open")
    is_active = MISSION.member_of("active")
    is_closed = MISSION.member_of("closed")

    @property
    def status_label(self):
        return MISSION.label(self.status)

    @property
    def occupation_label(self):
        return OCCUPATIONS[self.occupation]

    @property
    def diploma_codes(self):
        return {row.diploma for row in self.diplomas}

    @property
    def credential_codes(self):
        """The credentials it requires: its occupation's, and those the member added."""
        return set(OCCUPATION_CREDENTIALS.get(self.occupation, ())) | {
            row.type for row in self.credentials}

    def concerns(self, profile):
        """Whether `profile` was alerted to this mission or has an assignment on it."""
        if profile is None:
            return False
        alerted = select(MissionAlert.id).where(MissionAlert.mission_id == self.id,
                                                MissionAlert.profile_id == profile.id)
        assigned = select(Assignment.id).where(Assignment.mission_id == self.id,
                                               Assignment.profile_id == profile.id)
        return db.session.execute(select(alerted.exists() | assigned.exists())).scalar()

    def __repr__(self):
        return f"<Mission {self.id} {self.status}>"


class MissionShift(db.Model):
    """One shift of a mission: start, end (a night crosses midnight), unpaid break."""

    __tablename__ = "mission_shift"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="dates"),
                      CheckConstraint("break_minutes BETWEEN 0 AND 240", name="break"),
                      Index("ix_mission_shift_starts", "starts_at"),
                      Index("ix_mission_shift_mission_starts", "mission_id", "starts_at",
                            "ends_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id", ondelete="CASCADE"),
                                            index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    break_minutes: Mapped[int] = mapped_column(default=0)

    mission = relationship("Mission", back_populates="shifts")

    @property
    def worked_minutes(self):
        """The minutes of work: the shift less its break."""
        return int((self.ends_at - self.starts_at).total_seconds() // 60) - self.break_minutes


class MissionDiploma(db.Model):
    """A diploma the mission requires."""

    __tablename__ = "mission_diploma"
    __table_args__ = (CheckConstraint(_in("diploma", DIPLOMAS), name="diploma"),)

    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id", ondelete="CASCADE"),
                                            primary_key=True)
    diploma: Mapped[str] = mapped_column(String(10), primary_key=True)


class MissionCredential(db.Model):
    """A credential the mission requires beyond its occupation's (AFGSU 2 for a night)."""

    __tablename__ = "mission_credential"
    __table_args__ = (CheckConstraint(_in("type", CREDENTIALS), name="type"),)

    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id", ondelete="CASCADE"),
                                            primary_key=True)
    type: Mapped[str] = mapped_column(String(20), primary_key=True)


class CredentialNotice(db.Model):
    """A warning about one expiry of one credential, sent once (90 days, 30 days, expired):
    the daily task (app/replacements/expiry.py) skips what it finds here. Keyed by the
    expiry date too: a renewed credential is warned again for its new date."""

    __tablename__ = "credential_notice"
    __table_args__ = (CheckConstraint("kind IN ('d90', 'd30', 'expired')", name="kind"),)

    credential_id: Mapped[int] = mapped_column(
        ForeignKey("credential.id", ondelete="CASCADE"), primary_key=True)
    expires_on: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Assignment(db.Model):
    """One professional on one mission: applied, booked, then done, withdrawn…

    After the person's erasure the row stays without them (profile_id NULL):
    the hours done remain as anonymous figures.
    """

    __tablename__ = "assignment"
    __table_args__ = (
        ASSIGNMENT.check(name="status"),
        UniqueConstraint("mission_id", "profile_id", name="uq_assignment_pair"),
        CheckConstraint("minutes_done IS NULL OR minutes_done BETWEEN 0 AND 100000",
                        name="minutes_done"),
        Index("ix_assignment_profile_status", "profile_id", "status"),
        Index("ix_assignment_profile_status_mission", "profile_id", "status", "mission_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id", ondelete="CASCADE"),
                                            index=True)
    profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("replacement_profile.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(Text)  # of a withdrawal or a cancellation
    minutes_done: Mapped[int | None]
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    mission = relationship("Mission", back_populates="assignments")
    profile = relationship("ReplacementProfile")

    holds = ASSIGNMENT.member_of("holds")

    @property
    def status_label(self):
        return ASSIGNMENT.label(self.status)


class MissionAlert(db.Model):
    """One person alerted about one mission: when, how, in which tier and wave, and
    what came of it (opened, answered). Its token makes the two-tap link."""

    __tablename__ = "mission_alert"
    __table_args__ = (
        UniqueConstraint("mission_id", "profile_id", name="uq_mission_alert_pair"),
        CheckConstraint("answer IS NULL OR answer IN ('accepted', 'applied', 'declined')",
                        name="answer"),
        Index("ix_mission_alert_profile", "profile_id", "sent_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id", ondelete="CASCADE"),
                                            index=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("replacement_profile.id", ondelete="CASCADE"))
    tier: Mapped[int]
    wave: Mapped[int]
    last_resort: Mapped[bool] = mapped_column(default=False)
    channels: Mapped[str] = mapped_column(String(40), default="")  # "mail,push,sms"
    token: Mapped[str] = mapped_column(String(40), unique=True, default=new_feed_token)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer: Mapped[str | None] = mapped_column(String(10))

    mission = relationship("Mission")
    profile = relationship("ReplacementProfile")
