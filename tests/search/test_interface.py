"""The search package's shape: one interface, kinds declared once, whoosh kept inside."""
import ast
from pathlib import Path

from app import search
from app.alerts.models import KINDS as SAVED_KINDS
from app.search.whoosh_store import schema
from app.search_views.tabs import FACET_LABELS, TABS

APP = Path(__file__).resolve().parents[2] / "app"


def _imports_whoosh(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        if any(name == "whoosh" or name.startswith("whoosh.") for name in names):
            return True
    return False


def test_only_the_search_package_imports_whoosh():
    outside = [str(path.relative_to(APP)) for path in APP.rglob("*.py")
               if path.parent != APP / "search" and _imports_whoosh(path)]
    assert outside == []
    assert _imports_whoosh(APP / "search" / "whoosh_store.py")  # the walk sees one


def test_tabs_facets_and_schema_come_from_the_declarations():
    assert list(TABS) == ["vacancy", "cv", "training"]
    assert [str(TABS[name].label) for name in TABS] == ["Offres", "CV", "Formations"]
    assert TABS["cv"].facets == ("occupation", "contract", "commune")
    declared = {facet for kind in search.KINDS.values() for facet in kind.facets}
    assert set(FACET_LABELS) == declared
    fields = set(schema().names())
    assert declared | set(search.kinds.TEXT_FIELDS) <= fields
    assert schema()["title"].format.field_boost == search.kinds.TEXT_FIELDS["title"]
    assert set(SAVED_KINDS) == set(search.KINDS)  # a saved search is of a declared kind


def test_a_facet_declared_twice_differently_is_refused():
    import pytest
    other = search.Facet("commune", "Commune", many=True)
    kind = search.DocumentKind("other", "Autre", object, None, None, None, None, None,
                               facet_fields=(other,))
    with pytest.raises(ValueError):
        search.declare(kind)
    assert "other" not in search.KINDS
