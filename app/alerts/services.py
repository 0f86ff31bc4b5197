"""Saving, listing and deleting a user's searches; every refusal is a French message."""
import re

from flask_babel import gettext as _
from sqlalchemy import select

from app import search
from app.alerts.models import NAME_MAX, QUERY_MAX, SavedSearch
from app.auth.services import as_locked, lock_accounts
from app.errors import DomainError
from app.extensions import db
from app.search_views.tabs import TABS
from app.work import unit_of_work

MAX_PER_USER = 20
MAX_FILTER_VALUES = 5
FILTER_VALUE_MAX = 100
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
KNOWN_VALUES = {name: facet.values for name, facet in search.facets().items() if facet.values}


class SavedSearchError(DomainError):
    """A saved search refused or not found."""


def tab_for(user, kind):
    """The /search tab `kind` when `user` may search it, else SavedSearchError."""
    tab = TABS.get(kind or "")
    if tab is None or not tab.allowed(user):
        raise SavedSearchError(_("Vous ne pouvez pas enregistrer une recherche de ce type."))
    return tab


def clean_name(name):
    """The name trimmed, or SavedSearchError when empty, too long or with control characters."""
    name = (name or "").strip()
    if not name:
        raise SavedSearchError(_("Donnez un nom à cette recherche."))
    if len(name) > NAME_MAX or _CONTROL.search(name):
        raise SavedSearchError(_("Nom trop long ou illisible : %(max)d caractères au plus.",
                                 max=NAME_MAX))
    return name


def clean_query(text):
    """The words the engine uses, or SavedSearchError when the text is too long."""
    if len(text or "") > QUERY_MAX:
        raise SavedSearchError(_("Recherche trop longue pour être enregistrée : "
                                 "%(max)d caractères au plus.", max=QUERY_MAX))
    return " ".join(search.clean_query(text))


def _valid_value(name, value):
    if not value or len(value) > FILTER_VALUE_MAX or _CONTROL.search(value):
        return False
    if name in KNOWN_VALUES:
        return value in KNOWN_VALUES[name]
    return name != "month" or bool(_MONTH.fullmatch(value))


def clean_filters(tab, filters):
    """{facet: sorted values} of the tab, or SavedSearchError on a forged filter."""
    cleaned = {}
    for name, values in (filters or {}).items():
        values = sorted(set(values))
        if (name not in tab.facets or len(values) > MAX_FILTER_VALUES
                or not all(_valid_value(name, value) for value in values)):
            raise SavedSearchError(_("Ces filtres ne peuvent pas être enregistrés."))
        if values:
            cleaned[name] = values
    return cleaned


def save(user, kind, name, text, filters):
    """Save a search of `user` (at most MAX_PER_USER); its digest starts from now."""
    tab = tab_for(user, kind)
    name, text, filters = clean_name(name), clean_query(text), clean_filters(tab, filters)
    with unit_of_work() as work:
        # one save of this user at a time (the count holds); the right again, under the lock
        tab_for(as_locked(lock_accounts(work, user.id), user), kind)
        _check_room(of_user(user), kind, text, filters)
        saved = SavedSearch(user_id=user.id, name=name, kind=kind, query=text, filters=filters)
        db.session.add(saved)
    return saved


def _check_room(mine, kind, text, filters):
    """SavedSearchError when the user has no room left or saved the same search already."""
    if len(mine) >= MAX_PER_USER:
        raise SavedSearchError(_("Vous avez déjà %(num)d recherches enregistrées : "
                                 "supprimez-en une d'abord.", num=MAX_PER_USER))
    same = next((s for s in mine if (s.kind, s.query, s.filters) == (kind, text, filters)), None)
    if same is not None:
        message = _("Cette recherche est déjà enregistrée sous le nom « %(name)s ».",
                    name=same.name)
        raise SavedSearchError(message)


def of_user(user):
    """The user's saved searches, oldest first."""
    return db.session.scalars(select(SavedSearch).where(SavedSearch.user_id == user.id)
                              .order_by(SavedSearch.created_at, SavedSearch.id)).all()


def owned(user, saved_id):
    """The user's saved search of that id, or None (another user's is None too)."""
    return db.session.scalar(select(SavedSearch).where(SavedSearch.id == saved_id,
                                                       SavedSearch.user_id == user.id))


def delete(user, saved_id):
    """Delete one of the user's saved searches."""
    with unit_of_work() as work:
        saved = work.lock(SavedSearch, saved_id, user_id=user.id)
        if saved is None:
            raise SavedSearchError(_("Cette recherche enregistrée n'existe plus."))
        db.session.delete(saved)

