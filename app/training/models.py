"""Training sessions, their dates, seat bookings and the named attendees."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import UTCDateTime
from app.extensions import db
from app.referentials import CREDENTIALS, OCCUPATIONS
from app.states import Lifecycle, move
from app.timeutil import utcnow

THEMES = {
    "simulateur": _l("Simulateur de vieillissement"),
    "bientraitance": _l("Bientraitance"),
    "manutention": _l("Gestes et postures, manutention"),
    "urgence": _l("Gestes d'urgence (AFGSU)"),
    "hygiene": _l("Hygiène et prévention des infections"),
    "alzheimer": _l("Maladie d'Alzheimer et troubles apparentés"),
    "palliatif": _l("Soins palliatifs et fin de vie"),
    "nutrition": _l("Nutrition et dénutrition"),
    "tutorat": _l("Tutorat et accueil des nouveaux salariés"),
    "autre": _l("Autre thème"),
}
REJECTION_REASONS = {
    "incomplete": _l("Informations incomplètes"),
    "off_topic": _l("Hors du champ de l'association"),
    "duplicate": _l("Doublon d'une session existante"),
    "commercial": _l("Démarche commerciale"),
}


def _published(session, _actor, **_details):
    session.published_at = utcnow()


def _rejected(session, _actor, reason=None, comment=None):
    session.rejection_reason, session.rejection_comment = reason, comment


# A member's session waits for staff; staff publish it or refuse it with a reason. Who
# may decide is checked by the service (sessions.moderate), under the session's lock.
SESSION = Lifecycle(
    "training_session",
    states={"pending": _l("En attente de validation"), "published": _l("Publiée"),
            "rejected": _l("Refusée"), "cancelled": _l("Annulée")},
    groups={"pending": {"pending"}, "published": {"published"}, "rejected": {"rejected"},
            "cancelled": {"cancelled"}, "editable": {"pending", "published"}},
    transitions={"approve": move("pending", "published", changes=_published),
                 "reject": move("pending", "rejected", changes=_rejected),
                 # The organiser calls it off; app.training.organising releases the seats.
                 "cancel": move(["pending", "published"], "cancelled")},
    wrong_state=_l("Cette session est déjà « %(status)s »."),
)


def _confirmed(booking, _actor):
    booking.confirmed_at = utcnow()


def _cancelled(booking, _actor):
    booking.cancelled_at = utcnow()


# A booking waits until its seats are free, then holds them, until cancelled. The seats
# it holds are counted in TrainingSession.seats_taken by app.training.seats alone.
BOOKING = Lifecycle(
    "seat_booking",
    states={"confirmed": _l("Confirmée"), "waiting": _l("Liste d'attente"),
            "cancelled": _l("Annulée")},
    groups={"active": {"confirmed", "waiting"}, "confirmed": {"confirmed"},
            "waiting": {"waiting"}, "cancelled": {"cancelled"}},
    transitions={"confirm": move("waiting", "confirmed", changes=_confirmed),
                 "cancel": move(["confirmed", "waiting"], "cancelled", changes=_cancelled)},
    wrong_state=_l("Cette réservation est déjà « %(status)s »."),
)


class TrainingSession(db.Model):
    """A training offered by a member (or the association, organiser NULL)."""

    __tablename__ = "training_session"
    __table_args__ = (
        SESSION.check(),
        CheckConstraint("seats_total >= 1", name="seats_total_positive"),
        CheckConstraint("seats_open >= 1 AND seats_open <= seats_total", name="seats_open"),
        CheckConstraint("seats_taken >= 0 AND seats_taken <= seats_open", name="not_oversold"),
        CheckConstraint("max_per_member IS NULL OR max_per_member >= 1", name="max_per_member"),
        CheckConstraint("price_cents IS NULL OR price_cents >= 0", name="price"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("status <> 'rejected' OR rejection_reason IS NOT NULL",
                        name="rejected_has_reason"),
        Index("ix_training_session_status_starts_at", "status", "starts_at"),
        CheckConstraint("grants_credential IS NULL OR grants_credential IN ("
                        + ", ".join(f"'{code}'" for code in CREDENTIALS) + ")",
                        name="grants_credential"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organiser_id: Mapped[int | None] = mapped_column(
        ForeignKey("establishment.id", ondelete="RESTRICT"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="RESTRICT"))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    rejection_reason: Mapped[str | None] = mapped_column(String(20))
    rejection_comment: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(String(200))
    theme: Mapped[str] = mapped_column(String(20))
    yearly_theme: Mapped[bool] = mapped_column(default=False)
    provider: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    place: Mapped[str] = mapped_column(String(300))
    commune: Mapped[str] = mapped_column(String(100))
    seats_total: Mapped[int]
    seats_open: Mapped[int]
    # Confirmed seats: changed only by app.training.seats, under the row lock.
    seats_taken: Mapped[int] = mapped_column(default=0)
    max_per_member: Mapped[int | None]
    price_cents: Mapped[int | None]
    funding: Mapped[str | None] = mapped_column(String(100))
    registration_deadline: Mapped[date] = mapped_column(Date)
    # First start and last end of the dates, kept for listing and filtering.
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The credential (app.referentials.CREDENTIALS) that attending grants or renews.
    grants_credential: Mapped[str | None] = mapped_column(String(20), index=True)

    # Every list of sessions shows the organiser and the dates: loaded with the
    # sessions, one query for the whole list rather than one per row.
    organiser = relationship("Establishment", lazy="selectin")
    created_by = relationship("User")
    dates = relationship("TrainingDate", back_populates="session", lazy="selectin",
                         order_by="TrainingDate.starts_at", cascade="all, delete-orphan")
    bookings = relationship("SeatBooking", back_populates="session", order_by="SeatBooking.id")

    @property
    def seats_left(self):
        """The one definition of availability: open seats not yet confirmed."""
        return self.seats_open - self.seats_taken

    is_pending = SESSION.member_of("pending")
    is_published = SESSION.member_of("published")
    is_rejected = SESSION.member_of("rejected")
    is_cancelled = SESSION.member_of("cancelled")
    is_editable = SESSION.member_of("editable")  # until it starts (app.training.organising)

    @property
    def seats_held_ahead(self):
        """The first waiting request while free seats wait for it (strict order), else None."""
        queue = self.waiting()
        return queue[0] if queue and self.seats_left > 0 else None

    @property
    def organiser_name(self):
        return self.organiser.name if self.organiser else _l("L'association")

    @property
    def theme_label(self):
        return THEMES[self.theme]

    @property
    def status_label(self):
        return SESSION.label(self.status)

    @property
    def rejection_label(self):
        return REJECTION_REASONS.get(self.rejection_reason, "")

    @property
    def grants_label(self):
        return CREDENTIALS.get(self.grants_credential, "")

    @property
    def is_free(self):
        return not self.price_cents

    def waiting(self):
        """The waiting list, first in line first."""
        return [b for b in self.bookings if b.is_waiting]

    def confirmed(self):
        return [b for b in self.bookings if b.is_confirmed]

    def cancelled(self):
        return [b for b in self.bookings if b.is_cancelled]

    def __repr__(self):
        return f"<TrainingSession {self.id} {self.title!r}>"


class TrainingDate(db.Model):
    """One day (or half day) of a session."""

    __tablename__ = "training_date"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_session.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)

    session = relationship("TrainingSession", back_populates="dates")


class SeatBooking(db.Model):
    """Seats asked by a member for named employees: confirmed, waiting or cancelled.

    The waiting list is served in the order of ids, which are given under the
    session's lock.
    """

    __tablename__ = "seat_booking"
    __table_args__ = (
        BOOKING.check(),
        CheckConstraint("seats >= 1", name="seats_positive"),
        Index("ix_seat_booking_session_status", "session_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_session.id", ondelete="CASCADE"))
    establishment_id: Mapped[int] = mapped_column(
        ForeignKey("establishment.id", ondelete="RESTRICT"), index=True)
    booked_by_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="RESTRICT"))
    status: Mapped[str] = mapped_column(String(20))
    seats: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # A booking is never shown without its session, establishment, author and people.
    session = relationship("TrainingSession", back_populates="bookings", lazy="selectin")
    establishment = relationship("Establishment", lazy="selectin")
    booked_by = relationship("User", lazy="selectin")
    attendees = relationship("Attendee", back_populates="booking", order_by="Attendee.id",
                             lazy="selectin", cascade="all, delete-orphan")

    is_active = BOOKING.member_of("active")  # holds seats or waits for them
    is_confirmed = BOOKING.member_of("confirmed")
    is_waiting = BOOKING.member_of("waiting")
    is_cancelled = BOOKING.member_of("cancelled")

    @property
    def status_label(self):
        return BOOKING.label(self.status)


class Attendee(db.Model):
    """A named employee for whom a seat is booked; attended is filled afterwards."""

    __tablename__ = "training_attendee"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        ForeignKey("seat_booking.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    occupation: Mapped[str] = mapped_column(String(5))
    attended: Mapped[bool | None]
    # The account of the person, when a member booked from its list of renewals: the
    # credential that the session grants is renewed on that account at attendance.
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True)

    booking = relationship("SeatBooking", back_populates="attendees")

    @property
    def occupation_label(self):
        return OCCUPATIONS.get(self.occupation, self.occupation)
