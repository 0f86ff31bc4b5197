"""Territory indicators for the dashboard and the observatoire.

Each indicator is a fixed number of grouped queries, whatever the data size.
"""
from datetime import timedelta
from statistics import median

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from app.cv.models import Application, CandidateProfile
from app.database import by_month
from app.extensions import db
from app.pool.models import Vacancy, VacancyEmployer
from app.referentials import OCCUPATIONS
from app.replacements import stats as replacements
from app.timeutil import utcnow
from app.training.models import Attendee, SeatBooking, TrainingSession

MONTHS = 12
TOP_VACANCIES = 15


def months(now=None):
    """The last MONTHS months, oldest first, as 'YYYY-MM'."""
    now = now or utcnow()
    year, month = now.year, now.month
    result = []
    for _ in range(MONTHS):
        result.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return result[::-1]


def open_by_occupation():
    """[(occupation label, published vacancies)], most first."""
    rows = db.session.execute(select(Vacancy.occupation, func.count()).where(
        Vacancy.status == "published").group_by(Vacancy.occupation)
        .order_by(func.count().desc(), Vacancy.occupation)).all()
    return [(str(OCCUPATIONS.get(code, code)), count) for code, count in rows]


def applications_per_vacancy():
    """[(vacancy title, applications)] of the vacancies that received most."""
    rows = db.session.execute(select(Vacancy.id, Vacancy.title, func.count(Application.id))
                              .join(Application, Application.vacancy_id == Vacancy.id)
                              .group_by(Vacancy.id, Vacancy.title)
                              .order_by(func.count(Application.id).desc(), Vacancy.id)
                              .limit(TOP_VACANCIES)).all()
    return [(f"{title} (n° {vacancy_id})", count) for vacancy_id, title, count in rows]


def cv_freshness(now=None):
    """[(freshness, profiles in the bank)] by time since the last contact."""
    now = now or utcnow()
    age = case((CandidateProfile.last_contact_at >= now - timedelta(days=90), "0-3"),
               (CandidateProfile.last_contact_at >= now - timedelta(days=365), "3-12"),
               else_="12+")
    counts = dict(db.session.execute(select(age, func.count()).where(
        CandidateProfile.visibility == "members", CandidateProfile.moderation == "approved",
        CandidateProfile.share_status.is_distinct_from("awaiting")).group_by(age)).all())
    labels = {"0-3": _l("moins de 3 mois"), "3-12": _l("3 à 12 mois"), "12+": _l("plus d'un an")}
    return [(str(label), counts.get(key, 0)) for key, label in labels.items()]


def monthly(now=None):
    """One row per month: published, filled, median days to fill, applications,
    shared FTE and shared positions, training seats offered, booked, attended; and the
    replacement missions posted, filled, hours to fill, hours done (replacements.stats)."""
    now = now or utcnow()
    keys = months(now)
    since = now - timedelta(days=31 * MONTHS)
    published = by_month([func.count()], Vacancy.published_at, since)
    applications = by_month([func.count()], Application.created_at, since)
    shared_ids = (select(VacancyEmployer.vacancy_id).group_by(VacancyEmployer.vacancy_id)
                  .having(func.count() > 1))
    shared = by_month([func.sum(Vacancy.fte), func.count()], Vacancy.published_at, since,
                       Vacancy.id.in_(shared_ids))
    seats = by_month([func.sum(TrainingSession.seats_open), func.sum(TrainingSession.seats_taken)],
                      TrainingSession.starts_at, since, TrainingSession.is_published)
    attended = by_month([func.count(Attendee.id)], TrainingSession.starts_at, since,
                         Attendee.attended.is_(True), SeatBooking.id == Attendee.booking_id,
                         TrainingSession.id == SeatBooking.session_id)
    fill_days = _fill_days(since)
    missions = replacements.monthly(since)
    rows = []
    for key in keys:
        days = fill_days.get(key, [])
        rows.append({"month": key, "published": _first(published, key),
                     "filled": len(days), "median_days": median(days) if days else None,
                     "applications": _first(applications, key),
                     "shared_fte": _first(shared, key), "shared": _first(shared, key, 1),
                     "seats_offered": _first(seats, key), "seats_booked": _first(seats, key, 1),
                     "attended": _first(attended, key),
                     **missions.get(key, replacements.EMPTY)})
    return rows


def _first(table, key, index=0):
    return int(table.get(key, (0, 0))[index] or 0)


def _fill_days(since):
    """{month filled: [days from publication to filled]}; a filled vacancy's last
    change is its filling (filled is a final state)."""
    rows = db.session.execute(select(Vacancy.published_at, Vacancy.updated_at).where(
        Vacancy.status == "filled", Vacancy.updated_at >= since,
        Vacancy.published_at.is_not(None))).all()
    result = {}
    for published_at, filled_at in rows:
        days = max((filled_at - published_at).total_seconds() / 86400, 0)
        result.setdefault(f"{filled_at:%Y-%m}", []).append(round(days, 1))
    return result
