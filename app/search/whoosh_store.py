"""The whoosh store: the schema, opening each kind's index, this thread's searchers.

One index per kind of document under the SEARCH_INDEX folder. whoosh allows
one writer per index across processes (whoosh_writer.py).
"""
import fcntl
import logging
import threading
from functools import wraps
from pathlib import Path

from whoosh import index, scoring
from whoosh.codec.whoosh3 import W3PerDocReader
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.index import TOC

from app.search.analysis import ANALYZER
from app.search.base import IndexUnreadable
from app.search.kinds import TEXT_FIELDS, facets as declared_facets
from app.search.whoosh_postings import forget_segments

log = logging.getLogger(__name__)


def schema():
    """The fields of every declared kind; a kind leaves the others empty.

    Derived from the declarations (app/search/kinds.py): each text field with
    its weight, each facet (several comma-separated values, or one, sortable).
    No positions (phrase=False): queries are words, never phrases, and
    highlights re-analyse the text. Spelling words only from the heaviest
    field (titles): the body's made a fifth of the build for suggestions a
    title nearly always gives.
    """
    spelled = max(TEXT_FIELDS, key=TEXT_FIELDS.get)
    fields = {name: TEXT(analyzer=ANALYZER, field_boost=weight, spelling=name == spelled,
                         phrase=False) for name, weight in TEXT_FIELDS.items()}
    for name, facet in declared_facets().items():
        fields[name] = KEYWORD(commas=True) if facet.many else ID(sortable=True)
    return Schema(id=ID(stored=True, unique=True), digest=STORED(), **fields,
                  date=SortDate(sortable=True),
                  until=SortDate(sortable=True))  # the last day a document is found (_View.open_on)


class SortDate(DATETIME):
    """A date the hits are sorted by and never searched: its column only.

    An indexed DATETIME writes sixteen postings per document (whoosh's numeric
    tiers for range queries), a third of all the postings of a build.
    """

    indexed = False


def _has_column_once(self, fieldname, _has_column=W3PerDocReader.has_column):
    """Whether a segment has a column, asked of the disk once per reader.

    whoosh asks it for every posting of a field without lengths (id, the
    facets): with non-compound segments each ask was a stat(), a quarter of
    the build. A segment's files never change once written, so caching holds.
    """
    known = self.__dict__.setdefault("_known_columns", {})
    if fieldname not in known:
        known[fieldname] = _has_column(self, fieldname)
    return known[fieldname]


W3PerDocReader.has_column = _has_column_once


# --- opening indexes ----------------------------------------------------------

_local = threading.local()
_create_lock = threading.Lock()


def folder_of(root, kind):
    return Path(root) / kind


def open_index(root, kind):
    """The index of `kind` under `root`, created empty on first use."""
    folder = folder_of(root, kind)
    cache = _local.__dict__.setdefault("indexes", {})
    if str(folder) in cache:
        return cache[str(folder)]
    folder.mkdir(parents=True, exist_ok=True)
    with _create_lock, open(folder / ".create.lock", "w") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)  # two processes must not both create it
        if not index.exists_in(folder):
            if segment_names(folder):
                # Segments without a table of contents (a copy under way): an
                # empty index created here would have its first save delete them.
                raise IndexUnreadable(f"{kind}: table of contents missing")
            index.create_in(folder, schema())
        cache[str(folder)] = index.open_dir(folder)
    return cache[str(folder)]


def segment_names(folder):
    pattern = TOC._segment_pattern(index._DEF_INDEX_NAME)
    return [path.name for path in Path(folder).iterdir() if pattern.match(path.name)]


def searcher(root, kind):
    """This thread's searcher of `kind`, reopened only when the index changed.

    Out of the cache while it is checked and opened: one that failed (a table
    of contents missing for a moment) is never kept, and the next query opens
    the index anew.
    """
    cache = _local.__dict__.setdefault("searchers", {})
    key = str(folder_of(root, kind))
    current = cache.pop(key, None)
    if current is not None and not current.up_to_date():
        # Reopen, never refresh(): whoosh-reloaded 2.7.5's refresh keeps the
        # segments a merge or a deletion replaced, so a deleted document was
        # still found and an updated one found twice.
        current.close()
        current = None
    if current is None:
        # TF-IDF, not BM25F: BM25F reads every hit's field length (a third of a
        # query's time); titles keep their weight through their field boost.
        current = open_index(root, kind).searcher(weighting=scoring.TF_IDF())
    cache[key] = current
    return current


def forget_cached():
    """Close this thread's cached searchers (tests, rebuilds)."""
    for cached in _local.__dict__.pop("searchers", {}).values():
        cached.close()
    _local.__dict__.pop("indexes", None)


def _forget(root, kind):
    """Drop what this process holds of an index that failed: its next query starts afresh."""
    key = str(folder_of(root, kind))
    cached = _local.__dict__.get("searchers", {}).pop(key, None)
    _local.__dict__.get("indexes", {}).pop(key, None)
    forget_segments()  # values may have been read from a damaged file
    if cached is not None:
        try:
            cached.close()
        # Its files may be the damaged ones (bandit B110).
        except Exception:  # nosec B110
            pass


def reading(query):
    """Make `query(root, kind, …)` raise IndexUnreadable when the index cannot be read.

    whoosh raises whatever its decoding meets (struct.error, EOFError, OSError,
    an unpickling error…); the callers answer without the engine instead.
    """
    @wraps(query)
    def run(root, kind, *args, **kwargs):
        try:
            return query(root, kind, *args, **kwargs)
        except Exception as error:
            _forget(root, kind)
            if isinstance(error, IndexUnreadable):
                log.warning("search index unreadable: %s", error)
                raise
            log.exception("search index %s unreadable", kind)
            raise IndexUnreadable(f"{kind}: {type(error).__name__}: {error}") from error
    return run
