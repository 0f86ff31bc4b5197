"""Each kind of document, declared once by its feature.

A declaration holds what the engine indexes (text fields and their weights,
facets), what the /search page shows (the tab's label, who may search it,
the select that re-reads hits, the extract to highlight) and what keeps the
index in step (to_document, searchable, the models watched). The whoosh
schema, PostgreSQL's weights, the tabs, the facet list and the saved
searches' kinds are derived from the declarations, never written twice.
"""
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from flask_babel import format_date, lazy_gettext as _l

KINDS = {}  # name → DocumentKind, in their tab order once all are declared
TEXT_FIELDS = {"title": 3.0, "body": 1.0}  # the text of every kind, and its weight


@dataclass(frozen=True)
class Facet:
    """A field hits are counted and filtered by.

    `many`: the document gives several values, comma-separated (CV occupations).
    `values`: the known values and their labels, when the field has a fixed list.
    """

    name: str
    label: str
    many: bool = False
    values: dict | None = None

    def value_label(self, value):
        """A value as people read it."""
        if self.values is not None:
            return self.values.get(value, value)
        return value


class MonthFacet(Facet):
    """A 'YYYY-MM' facet, read as « Novembre 2026 »."""

    def value_label(self, value):
        if len(value) == 7 and value[:4].isdigit() and value[5:].isdigit() and \
                1 <= int(value[5:]) <= 12:
            return format_date(date(int(value[:4]), int(value[5:]), 1), "MMMM y").capitalize()
        return value


COMMUNE = Facet("commune", _l("Commune"))
MONTH = MonthFacet("month", _l("Mois"))


@dataclass
class DocumentKind:
    """One kind of indexed document (see the module's docstring).

    to_document(obj): the dict to index, or None when the object must not be
    found (a draft, a hidden CV). searchable(): the select of every object
    that must be, for rebuild and check. watch: each model whose changes
    affect documents of this kind → a function giving the ids concerned.
    allowed(user): may the user search this kind; visible(): the list page's
    select that hits are re-read through; extract(obj): the text whose
    matching words are highlighted.
    """

    name: str
    label: str
    model: type
    to_document: Callable
    searchable: Callable
    allowed: Callable
    visible: Callable
    extract: Callable
    facet_fields: tuple = ()
    watch: dict = field(default_factory=dict)
    position: int = 0  # the tab's place on the /search page

    @property
    def facets(self):
        """The names of the kind's facets, in their display order."""
        return tuple(facet.name for facet in self.facet_fields)


def declare(kind):
    """Make a kind of document searchable (called once by each feature)."""
    kind.watch.setdefault(kind.model, lambda obj: [obj.id])
    for facet in kind.facet_fields:
        known = facets().get(facet.name)
        if known is not None and (known.many, known.values) != (facet.many, facet.values):
            raise ValueError(f"facet {facet.name} declared twice, differently")
    KINDS[kind.name] = kind
    ordered = sorted(KINDS.values(), key=lambda each: each.position)
    KINDS.clear()
    KINDS.update((each.name, each) for each in ordered)
    return kind


def facets():
    """{name: Facet} over every declared kind, first declaration first."""
    found = {}
    for kind in KINDS.values():
        for facet in kind.facet_fields:
            found.setdefault(facet.name, facet)
    return found


def facet_labels():
    """{facet name: its label}, for the page and the saved searches."""
    return {name: facet.label for name, facet in facets().items()}


def facet_value_label(name, value):
    """A facet value as people read it."""
    facet = facets().get(name)
    return facet.value_label(value) if facet else value


def kinds_for(user):
    """The kinds `user` may search, in their tab order."""
    return [kind for kind in KINDS.values() if kind.allowed(user)]


def month_of(moment):
    """The 'YYYY-MM' facet value of a date, or '' without one."""
    return f"{moment:%Y-%m}" if moment else ""
