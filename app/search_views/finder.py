"""Answering a search: engine ids re-read through the list pages' permission filters."""
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select

from app import indexing, search
from app.extensions import db

PER_PAGE = 20
MAX_PAGE = 50
MAX_FILTER_VALUES = 5
SORTS = ("relevance", "date")


class Page(Pagination):
    """A page of hits for the pagination macro: the items and total are given."""

    def _query_items(self):
        return self._query_args["items"]

    def _query_count(self):
        return self._query_args["total"]

    @property
    def pages(self):
        """No link past MAX_PAGE, the deepest page served: refining the search goes further."""
        return min(super().pages, MAX_PAGE)

    @property
    def truncated(self):
        return self.total > self.pages * self.per_page


@dataclass
class Answer:
    page: Page
    facets: dict
    suggestion: str | None
    terms: list
    notice: str | None = None
    filters: dict = field(default_factory=dict)


def read_filters(tab, args):
    """The facet values chosen in the query string, bounded."""
    chosen = {}
    for name in tab.facets:
        values = [value[:100] for value in args.getlist(name) if value][:MAX_FILTER_VALUES]
        if values:
            chosen[name] = values
    return chosen


def notice_for(text):
    """A French word on a query the engine cannot use as typed, else None."""
    if text and not search.clean_query(text):
        return _("Saisissez au moins un mot (lettres ou chiffres) : les symboles seuls ne "
                 "sont pas recherchés.")
    if text and not search.query_words(text):
        return _("Ces mots sont trop courants pour être recherchés (le, la, de…) : "
                 "tous les résultats sont affichés.")
    if text and len(text) > search.MAX_QUERY_CHARS:
        return _("Recherche trop longue : seuls les premiers mots sont pris en compte.")
    return None


def find(tab, text, filters, sort="relevance", page=1):
    """One page of the tab's hits that the user may see, with facets and a suggestion."""
    page = min(max(page, 1), MAX_PAGE)
    notice = notice_for(text)
    try:
        results = search.search(tab.name, text,
                                filters=filters, sort=sort if sort in SORTS else "relevance",
                                page=page, per_page=PER_PAGE, facets=tab.facets)
    except search.IndexUnreadable:
        indexing.unreadable()
        return plain(tab, page)
    items = visible(tab, results.ids)
    pagination = Page(page=page, per_page=PER_PAGE, error_out=False, items=items,
                      total=results.total)
    return Answer(pagination, results.facets, seen_suggestion(tab, results.suggestion),
                  results.terms, notice, filters)


def plain(tab, page):
    """The tab's list without words nor facets, newest first: when the index cannot be read."""
    query = tab.visible().order_by(None)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    items = db.session.scalars(query.order_by(tab.model.id.desc())
                               .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    return Answer(Page(page=page, per_page=PER_PAGE, error_out=False, items=items, total=total),
                  {}, None, [])


def seen_suggestion(tab, suggestion):
    """The suggestion when its link finds something the user may see, else None.

    The engine suggests only words of documents it still finds; an entry not
    yet removed (its change still pending) must not give its words away either.
    """
    if suggestion is None:
        return None
    try:
        hits = search.search(tab.name, suggestion, per_page=PER_PAGE).ids
    except search.IndexUnreadable:
        return None
    return suggestion if visible(tab, hits) else None


def visible(tab, ids):
    """The objects of `ids` that the tab's permission filter lets through, in order."""
    if not ids:
        return []
    found = {obj.id: obj for obj in db.session.scalars(
        tab.visible().where(tab.model.id.in_(ids)).order_by(None))}
    return [found[object_id] for object_id in ids if object_id in found]
