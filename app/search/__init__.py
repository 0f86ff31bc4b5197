"""Full-text search behind one interface: every page, the alerts and the CLI
ask this module, and it asks the configured backend (SEARCH_BACKEND).

- `analysis`: French as people type it (accents, feminine, abbreviations);
- `kinds`: each kind of document, declared once by its feature;
- `whoosh_*`: the default backend, an index folder (store, writer, numpy engine);
- `postgresql`: the PostgreSQL backend, a table with a tsvector per document.

Hits are ids that the caller re-reads from the database through its own
permission filters, so a stale entry can never show what a user may not see.
Only this package imports whoosh (tests/search/test_interface.py checks).
"""
from flask import current_app

from app.search.analysis import MAX_QUERY_CHARS, clean_query, query_words  # noqa: F401
from app.search.base import (IndexBuildFailed, IndexBusy, IndexUnreadable,  # noqa: F401
                             Results, digest)
from app.search.kinds import (COMMUNE, KINDS, MONTH, DocumentKind, Facet,  # noqa: F401
                              declare, facet_labels, facet_value_label, facets, kinds_for,
                              month_of)
from app.search.postgresql import PostgresBackend
from app.search.whoosh_backend import WhooshBackend
from app.search.whoosh_store import forget_cached  # noqa: F401  (tests, rebuilds)

BACKENDS = {"whoosh": lambda app: WhooshBackend(app.config["SEARCH_INDEX"]),
            "postgresql": lambda app: PostgresBackend()}


def register_backend(name, make):
    """Make SEARCH_BACKEND=`name` answer with make(app) (the bench's FTS5 page)."""
    BACKENDS[name] = make


def backend(app=None):
    """The configured backend of `app` (the current one by default)."""
    app = app or current_app._get_current_object()
    name = app.config.get("SEARCH_BACKEND", "whoosh")
    return BACKENDS[name](app)


def search(kind, text="", filters=None, sort="relevance", page=1, per_page=20, facets=()):
    """One page of hits of `kind`: Results (ids, total, facets over every match,
    suggestion, terms for highlights()). Raises IndexUnreadable."""
    return backend().search(kind, text, filters=filters, sort=sort, page=page,
                            per_page=per_page, facets=facets)


def ranked_ids(kind, text, limit=1000):
    """Ids of the best `limit` hits, best first; None when `text` holds no word."""
    return backend().ranked_ids(kind, text, limit)


def similar_ids(kind, text, limit=200):
    """Ids of the documents sharing the most words with a whole text, best first."""
    return backend().similar_ids(kind, text, limit)


def matching_ids(kind, text, filters, ids):
    """Which of `ids` the query and filters match (the saved searches' digest)."""
    return backend().matching_ids(kind, text, filters, ids)


def highlights(text, terms):
    """Extracts of `text` around the query's terms (Results.terms), <mark>ed."""
    return backend().highlights(text, terms)


def apply_fresh(kind, read, timeout=None):
    """Write the {id: document or None} that read() returns once the kind's
    write lock is held (None deletes). Raises IndexBusy past `timeout`."""
    backend().apply_fresh(kind, read, timeout)


def apply_in(connection, kind, read, ids):
    """A transactional backend: write read()'s documents in `connection`'s transaction."""
    backend().apply_in(connection, kind, read, ids)


def rebuild(kind, documents, processes=1):
    """Replace the whole index of `kind` with `documents` ((id, document) pairs)."""
    backend().rebuild(kind, documents, processes)


def stored_digests(kind):
    """{id: digest} of every entry the index of `kind` holds."""
    return backend().stored_digests(kind)


def damage(kind):
    """What is wrong with the index of `kind`, read whole; None when nothing is."""
    return backend().damage(kind)


def health():
    """'ok', or a short description of what is wrong (the /healthz check)."""
    return backend().health()
