"""The kinds of the /search page: who sees each, through which permission filter."""
from dataclasses import dataclass
from datetime import date
from typing import Callable

from flask_babel import format_date, lazy_gettext as _l

from app import permissions
from app.cv import indexing as cv_indexing
from app.cv.models import CandidateProfile
from app.cv.queries import bank
from app.members.models import KINDS as ESTABLISHMENT_KINDS
from app.pool.models import CONTRACTS, Vacancy
from app.pool.queries import public
from app.referentials import OCCUPATIONS
from app.training.models import TrainingSession
from app.training.queries import published

FACET_LABELS = {"occupation": _l("Métier"), "contract": _l("Contrat"), "commune": _l("Commune"),
                "est_kind": _l("Type d'établissement"), "month": _l("Mois")}


@dataclass(frozen=True)
class Tab:
    """One kind as the search page shows it."""

    name: str
    label: str
    model: type
    allowed: Callable  # allowed(user): may the user search this kind?
    visible: Callable  # visible(): the list page's select of what members may see
    facets: tuple
    extract: Callable  # extract(obj): the text whose matching words are highlighted


TABS = {
    "vacancy": Tab("vacancy", _l("Offres"), Vacancy, lambda user: True, public,
                   ("occupation", "contract", "commune", "est_kind", "month"),
                   lambda vacancy: vacancy.description),
    "cv": Tab("cv", _l("CV"), CandidateProfile, permissions.can_browse_cv_bank, bank,
              ("occupation", "contract", "commune"),
              cv_indexing.extract),  # never the PDF's text: reading it is logged
    "training": Tab("training", _l("Formations"), TrainingSession,
                    permissions.can_view_training, published, ("commune", "est_kind", "month"),
                    lambda session: session.description),
}


def tabs_for(user):
    """The tabs `user` may search, in their display order."""
    return [tab for tab in TABS.values() if tab.allowed(user)]


def facet_label(name, value):
    """A facet value as people read it."""
    if name == "occupation":
        return OCCUPATIONS.get(value, value)
    if name == "contract":
        return CONTRACTS.get(value, value)
    if name == "est_kind":
        return ESTABLISHMENT_KINDS.get(value, value)
    if name == "month" and len(value) == 7 and value[:4].isdigit() and value[5:].isdigit():
        return format_date(date(int(value[:4]), int(value[5:]), 1), "MMMM y").capitalize()
    return value
