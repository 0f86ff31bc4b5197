"""The whoosh backend: one index per kind in a folder (SEARCH_INDEX), the default.

A change writes a search_pending row in its own transaction (app/indexing.py),
drained into the index after the commit: the index follows the database a
moment later, and `search sync`, any later write or `search rebuild` catch up.
The module's functions take the index folder first (the tests call them so);
WhooshBackend binds them to one folder for the interface (app/search/__init__.py).
"""
from app.search.analysis import ANALYZER, clean_query, query_words  # noqa: F401  (tests, bench)
from app.search.base import IndexBuildFailed, IndexBusy, IndexUnreadable, Results  # noqa: F401
from app.search.whoosh_damage import damage, health
from app.search.whoosh_engine import highlights, matching_ids, ranked_ids, search, similar_ids
from app.search.whoosh_store import forget_cached, open_index, schema, searcher  # noqa: F401
from app.search.whoosh_writer import apply, apply_fresh, rebuild, stored_digests  # noqa: F401


class WhooshBackend:
    """The interface's operations on the index folder `root`."""

    name = "whoosh"
    transactional = False  # documents reach the index after the commit (app/indexing.py)

    def __init__(self, root):
        self.root = root

    def search(self, kind, text="", **options):
        return search(self.root, kind, text, **options)

    def ranked_ids(self, kind, text, limit=1000):
        return ranked_ids(self.root, kind, text, limit)

    def similar_ids(self, kind, text, limit=200):
        return similar_ids(self.root, kind, text, limit)

    def matching_ids(self, kind, text, filters, ids):
        return matching_ids(self.root, kind, text, filters, ids)

    def highlights(self, text, terms):
        return highlights(text, terms)

    def apply_fresh(self, kind, read, timeout=None):
        apply_fresh(self.root, kind, read, timeout)

    def rebuild(self, kind, documents, processes=1):
        rebuild(self.root, kind, documents, processes)

    def stored_digests(self, kind):
        return stored_digests(self.root, kind)

    def damage(self, kind):
        return damage(self.root, kind)

    def health(self):
        return health(self.root)
