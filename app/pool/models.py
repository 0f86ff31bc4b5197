"""Vacancies of the common pool and the employers who share them."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint,
                        and_)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import UTCDateTime
from app.extensions import db
from app.pool.lifecycle import VACANCY
from app.referentials import DIPLOMAS, OCCUPATIONS
from app.timeutil import local_today, utcnow

CONTRACTS = {
    "cdi": _l("CDI"),
    "cdd": _l("CDD"),
    "cdd_replacement": _l("CDD de remplacement"),
    "vacation": _l("Vacation"),
    "interim": _l("Intérim"),
    "apprenticeship": _l("Apprentissage"),
    "shared_employment": _l("Emploi partagé / groupement d'employeurs"),
}
SCHEDULES = {"day": _l("Jour"), "night": _l("Nuit"), "weekend": _l("Week-end")}
REJECTION_REASONS = {
    "incomplete": _l("Informations incomplètes ou imprécises"),
    "out_of_scope": _l("Hors du champ de l'association"),
    "discriminatory": _l("Critère discriminatoire ou mention illégale"),
    "duplicate": _l("Doublon d'une offre déjà publiée"),
    "non_compliant": _l("Contrat ou rémunération non conforme"),
    "other": _l("Autre motif (voir le commentaire)"),
}


def _in(column, values):
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


class Vacancy(db.Model):
    """A job offered in the pool by one establishment, or shared by several."""

    __tablename__ = "vacancy"
    __table_args__ = (
        VACANCY.check(name="status"),
        CheckConstraint(_in("contract_type", CONTRACTS), name="contract_type"),
        CheckConstraint(_in("occupation", OCCUPATIONS), name="occupation"),
        CheckConstraint(f"diploma IS NULL OR {_in('diploma', DIPLOMAS)}", name="diploma"),
        CheckConstraint("fte BETWEEN 1 AND 100", name="fte"),
        CheckConstraint("works_day OR works_night OR works_weekend", name="schedule"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates"),
        CheckConstraint("length(postcode) = 5", name="postcode"),
        CheckConstraint("salary_min IS NULL OR salary_min >= 0", name="salary_min"),
        CheckConstraint("salary_min IS NULL OR salary_max IS NULL OR salary_max >= salary_min",
                        name="salary_range"),
        CheckConstraint("status <> 'published' OR (published_at IS NOT NULL AND "
                        "expires_on IS NOT NULL)", name="published_dated"),
        CheckConstraint("status <> 'rejected' OR rejection_reason IS NOT NULL",
                        name="rejected_reason"),
        CheckConstraint(f"rejection_reason IS NULL OR {_in('rejection_reason', REJECTION_REASONS)}",
                        name="rejection_reason"),
        Index("ix_vacancy_status_published_at", "status", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    establishment_id: Mapped[int] = mapped_column(
        ForeignKey("establishment.id", ondelete="RESTRICT"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    occupation: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    contract_type: Mapped[str] = mapped_column(String(30))
    fte: Mapped[int]
    works_day: Mapped[bool] = mapped_column(default=False)
    works_night: Mapped[bool] = mapped_column(default=False)
    works_weekend: Mapped[bool] = mapped_column(default=False)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    postcode: Mapped[str] = mapped_column(String(5))
    commune: Mapped[str] = mapped_column(String(100), index=True)
    salary_min: Mapped[int | None]
    salary_max: Mapped[int | None]
    diploma: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    expires_on: Mapped[date | None] = mapped_column(Date)
    rejection_reason: Mapped[str | None] = mapped_column(String(20))
    rejection_comment: Mapped[str | None] = mapped_column(Text)
    reminder_sent_for: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Every list, page and index document of a vacancy names its employers:
    # loaded with the vacancies, one query for a whole list rather than one per row.
    establishment = relationship("Establishment", lazy="selectin")
    author = relationship("User")
    employers = relationship("VacancyEmployer", back_populates="vacancy", lazy="selectin",
                             cascade="all, delete-orphan", order_by="VacancyEmployer.id")

    is_open = VACANCY.member_of("open")
    is_closed = VACANCY.member_of("closed")
    is_editable = VACANCY.member_of("editable")

    # What everyone sees, in one place for the pages (vacancy.is_public) and the
    # lists, the API and matching (where(Vacancy.is_public)): the two halves say the
    # same thing in Python and in SQL, whatever the daily expiry job did yet.
    @hybrid_property
    def is_public(self):
        """Published and not past its expiry date: shown to everyone."""
        return self.status == "published" and self.expires_on >= local_today()

    @is_public.inplace.expression
    @classmethod
    def _is_public_expression(cls):
        return and_(cls.status == "published", cls.expires_on >= local_today())

    @property
    def is_shared(self):
        """A shared position: several establishments employ the person."""
        return len(self.employers) > 1

    @property
    def employer_ids(self):
        return {share.establishment_id for share in self.employers}

    @property
    def unconfirmed_shares(self):
        return [share for share in self.employers if share.confirmed_at is None]

    def employer_since(self, establishment_id):
        """When `establishment_id` became a confirmed employer of this vacancy, or None."""
        return next((share.joined_at for share in self.employers
                     if share.establishment_id == establishment_id), None)

    @property
    def schedules(self):
        """The codes of SCHEDULES this job works in."""
        flags = {"day": self.works_day, "night": self.works_night, "weekend": self.works_weekend}
        return [code for code, on in flags.items() if on]

    @property
    def schedule_label(self):
        return ", ".join(str(SCHEDULES[code]) for code in self.schedules)

    @property
    def occupation_label(self):
        return OCCUPATIONS[self.occupation]

    @property
    def contract_label(self):
        return CONTRACTS[self.contract_type]

    @property
    def status_label(self):
        return VACANCY.label(self.status)

    @property
    def diploma_label(self):
        return DIPLOMAS.get(self.diploma) if self.diploma else None

    @property
    def rejection_label(self):
        return REJECTION_REASONS.get(self.rejection_reason) if self.rejection_reason else None

    def __repr__(self):
        return f"<Vacancy {self.id} {self.status}>"


class VacancyEmployer(db.Model):
    """One employing establishment of a vacancy, with its share of the job.

    An ordinary vacancy has one row, the publishing establishment's; a shared
    position has one per co-employer, each confirmed by that co-employer.

    `joined_at` is when the establishment first confirmed: from then on it is an
    employer and reaches the applications made since. A changed share asks for
    a new confirmation (`confirmed_at` back to NULL) without undoing that one.
    An establishment taken off the position loses its row, so it reaches
    nothing more; added back, it joins again at its new confirmation.
    """

    __tablename__ = "vacancy_employer"
    __table_args__ = (
        UniqueConstraint("vacancy_id", "establishment_id", name="uq_vacancy_employer_pair"),
        CheckConstraint("fte_share BETWEEN 1 AND 100", name="fte_share"),
        CheckConstraint("(confirmed_at IS NULL) = (confirmed_by_id IS NULL)",
                        name="confirmed_by_someone"),
        CheckConstraint("confirmed_at IS NULL OR (joined_at IS NOT NULL AND "
                        "joined_at <= confirmed_at)", name="joined_when_confirmed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancy.id", ondelete="CASCADE"),
                                            index=True)
    establishment_id: Mapped[int] = mapped_column(
        ForeignKey("establishment.id", ondelete="RESTRICT"), index=True)
    fte_share: Mapped[int]
    days: Mapped[str | None] = mapped_column(String(200))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="RESTRICT"))
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    vacancy = relationship("Vacancy", back_populates="employers")
    establishment = relationship("Establishment", lazy="selectin")

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def confirm(self, user, now=None):
        """`user` confirms this share; the first confirmation makes the establishment join."""
        self.confirmed_at, self.confirmed_by_id = now or utcnow(), user.id
        self.joined_at = self.joined_at or self.confirmed_at

    def unconfirm(self):
        """The share changed: it waits for a new confirmation (the establishment stays joined)."""
        self.confirmed_at = self.confirmed_by_id = None
