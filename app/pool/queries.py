"""Reading vacancies: the public list and its filters, a member's own, duplicates."""
from datetime import timedelta

from sqlalchemy import func, select

from app import database, indexing
from app.extensions import db
from app.members.models import Establishment
from app.pool.models import Vacancy, VacancyEmployer
from app.timeutil import utcnow

PER_PAGE = 20
ORDERS = {
    "recent": (Vacancy.published_at.desc(), Vacancy.id.desc()),
    "start": (Vacancy.start_date, Vacancy.id),
    "commune": (Vacancy.commune, Vacancy.published_at.desc(), Vacancy.id),
}


def public():
    """Published vacancies not past their expiry date, whatever the clock job did."""
    return select(Vacancy).where(Vacancy.is_public)


def filtered(filters):
    """The public vacancies matching `filters` (see FilterForm), in the order asked."""
    query = public()
    if filters.get("occupation"):
        query = query.where(Vacancy.occupation == filters["occupation"])
    if filters.get("contract_type"):
        query = query.where(Vacancy.contract_type == filters["contract_type"])
    if filters.get("schedule"):
        query = query.where(getattr(Vacancy, f"works_{filters['schedule']}").is_(True))
    if filters.get("commune"):
        query = query.where(func.lower(Vacancy.commune) == filters["commune"].lower())
    if filters.get("since"):
        query = query.where(Vacancy.published_at >= utcnow() - timedelta(days=int(filters["since"])))
    sort = filters.get("sort") or "relevance"
    query = query.order_by(*ORDERS.get(sort, ORDERS["recent"]))
    return indexing.matching(query, Vacancy, "vacancy", filters.get("q"),
                             ranked_order=sort == "relevance")


def paginate(query, page, per_page=PER_PAGE):
    """One page of `query` at the lists' own length (app/database.paginate)."""
    return database.paginate(query, page, per_page)


def of_establishment(establishment_id):
    """Every vacancy an establishment employs through, newest first."""
    return db.session.scalars(
        select(Vacancy).join(Vacancy.employers)
        .where(VacancyEmployer.establishment_id == establishment_id)
        .order_by(Vacancy.created_at.desc(), Vacancy.id.desc())).all()


def awaiting_confirmation(establishment_id):
    """Shared positions whose share for this establishment is not confirmed yet."""
    return db.session.scalars(
        select(Vacancy).join(Vacancy.employers)
        .where(VacancyEmployer.establishment_id == establishment_id,
               VacancyEmployer.confirmed_at.is_(None),
               Vacancy.establishment_id != establishment_id)
        .order_by(Vacancy.created_at)).all()


def duplicates(establishment_id, occupation, commune, contract_type, exclude_id=None):
    """Open vacancies of the same establishment for the same job in the same place."""
    query = select(Vacancy).where(
        Vacancy.establishment_id == establishment_id, Vacancy.occupation == occupation,
        func.lower(Vacancy.commune) == commune.lower(), Vacancy.contract_type == contract_type,
        Vacancy.is_open)
    if exclude_id is not None:
        query = query.where(Vacancy.id != exclude_id)
    return db.session.scalars(query.order_by(Vacancy.id)).all()


def application_counts(vacancy_ids, establishment_id):
    """{vacancy id: number of applications that `establishment_id` reaches}, once the
    applications feature exists: those made since it joined (permissions.can_reach_applicant).

    Applications come with the CV bank; reading their table by name keeps this
    feature independent of that one's models.
    """
    table = db.metadata.tables.get("application")
    if table is None or "vacancy_id" not in table.c or not vacancy_ids:
        return {}
    rows = db.session.execute(
        select(table.c.vacancy_id, func.count())
        .join(VacancyEmployer, (VacancyEmployer.vacancy_id == table.c.vacancy_id)
              & (VacancyEmployer.establishment_id == establishment_id))
        .where(table.c.vacancy_id.in_(vacancy_ids),
               VacancyEmployer.joined_at <= table.c.created_at)
        .group_by(table.c.vacancy_id))
    return dict(rows.all())


def co_employer_choices(lead_id):
    """{id: name} of the active establishments that may share a job with `lead_id`."""
    rows = db.session.execute(select(Establishment.id, Establishment.name).where(
        Establishment.is_active, Establishment.id != lead_id)
        .order_by(Establishment.name))
    return {str(row.id): row.name for row in rows}
