"""What the search engine knows of a vacancy: published ones only, until their expiry date."""
from datetime import datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app import indexing, search
from app.members.models import KINDS as ESTABLISHMENT_KINDS, Establishment
from app.pool.models import CONTRACTS, Vacancy, VacancyEmployer
from app.pool.queries import public
from app.referentials import OCCUPATIONS

# The facets vacancies share with CVs.
OCCUPATION = search.Facet("occupation", _l("Métier"), many=True, values=OCCUPATIONS)
CONTRACT = search.Facet("contract", _l("Contrat"), many=True, values=CONTRACTS)
ESTABLISHMENT_KIND = search.Facet("est_kind", _l("Type d'établissement"), many=True,
                                  values=ESTABLISHMENT_KINDS)


def to_document(vacancy):
    """The vacancy as the index holds it, or None when it must not be found."""
    if vacancy.status != "published":
        return None
    employers = [share.establishment for share in vacancy.employers] or [vacancy.establishment]
    words = [vacancy.description, str(vacancy.occupation_label), str(vacancy.contract_label),
             vacancy.commune, *(e.name for e in employers),
             *(str(e.kind_label) for e in employers), str(vacancy.diploma_label or "")]
    return {"title": vacancy.title, "body": "\n".join(words),
            "occupation": vacancy.occupation, "contract": vacancy.contract_type,
            "commune": vacancy.commune, "est_kind": ",".join(sorted({e.kind for e in employers})),
            "month": search.month_of(vacancy.published_at), "date": vacancy.published_at,
            "until": _day(vacancy.expires_on)}


def _day(day):
    """A date as the index's date columns take it: the start of that day."""
    return datetime.combine(day, time()) if day else None


def searchable():
    return select(Vacancy).where(Vacancy.status == "published").order_by(Vacancy.id)


def _of_establishment(establishment):
    """Vacancies naming an establishment whose name or kind may have changed."""
    return indexing.related_ids(establishment, select(VacancyEmployer.vacancy_id).where(
        VacancyEmployer.establishment_id == establishment.id))


search.declare(search.DocumentKind(
    "vacancy", _l("Offres"), Vacancy, to_document, searchable,
    allowed=lambda user: True, visible=public, extract=lambda vacancy: vacancy.description,
    facet_fields=(OCCUPATION, CONTRACT, search.COMMUNE, ESTABLISHMENT_KIND, search.MONTH),
    watch={VacancyEmployer: lambda share: [share.vacancy_id],
           Establishment: _of_establishment}, position=1))
