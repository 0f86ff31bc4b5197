"""Full-text search: the only module of the application that imports whoosh.

One index per kind of document (vacancies, CVs, training sessions) under the
SEARCH_INDEX folder. Documents are flat dicts built by app/indexing.py; hits
are ids that the caller re-reads from the database through its own
permission filters, so a stale entry can never show what a user may not see.

French as people type it: accents are folded, feminine forms are brought to
the masculine before stemming (infirmière, infirmier and INFIRMIERES meet)
and the trade's abbreviations (IDE, AS, AES, ASH…) are indexed with the words
they stand for. Whoosh allows one writer per index across processes: writers
wait for the lock (WRITE_TIMEOUT) and raise IndexBusy past it.
"""
import fcntl
import hashlib
import json
import logging
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import lru_cache, wraps
from multiprocessing import Queue
from pathlib import Path

import numpy as np
from markupsafe import Markup
from whoosh import highlight, index, scoring
from whoosh.analysis import Filter, RegexTokenizer
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PerDocReader
from whoosh.columns import NumericColumn
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema, SpellField
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, LockError, clean_files
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.matching.wrappers import FilterMatcher
from whoosh.multiproc import MpWriter
from whoosh.support.charset import accent_map
from whoosh.util.times import datetime_to_long
from whoosh.writing import SegmentWriter

from app.timeutil import local_today

log = logging.getLogger(__name__)
WRITE_TIMEOUT = 20.0
# Posting blocks of 1,024 postings, not compressed (whoosh: 128, zlib): queries
# decode a few large blocks, and a build compresses nothing. The index at
# 100,000 documents grows from 32 to 51 MB (FTS5's: 63 MB).
CODEC = W3Codec(blocklimit=1024, compression=0)
MAX_SEGMENTS = 8  # past this many segments a write merges the small ones
MAX_QUERY_WORDS = 12
MAX_QUERY_CHARS = 300
FACET_FIELDS = ("occupation", "contract", "commune", "est_kind", "month")

# Each group: the abbreviation, then the words it stands for (accents folded).
ABBREVIATIONS = {
    "ide": "infirmier",
    "idel": "infirmier liberal",
    "idec": "infirmier coordinateur",
    "as": "aide soignant",
    "aes": "accompagnant educatif social",
    "amp": "accompagnant educatif social",
    "avs": "accompagnant educatif social",
    "ash": "agent service hospitalier",
    "asg": "assistant soins gerontologie",
    "advf": "assistant vie familles",
    "tisf": "technicien intervention sociale familiale",
}
_FEMININE = [(re.compile(r"ieres?$"), "ier"), (re.compile(r"trices?$"), "teur"),
             (re.compile(r"euses?$"), "eur"), (re.compile(r"iennes?$"), "ien"),
             (re.compile(r"ives?$"), "if"), (re.compile(r"antes?$"), "ant")]


class IndexBusy(Exception):
    """Another process held the index's write lock for too long."""


class IndexBuildFailed(Exception):
    """A sub-process of a rebuild failed; the index was left as it was."""


class IndexUnreadable(Exception):
    """The index of a kind cannot be read: a file missing, truncated or damaged."""


class AbbreviationFilter(Filter):
    """Index an abbreviation with its words; search for the words only."""

    def __call__(self, tokens):
        for token in tokens:
            words = ABBREVIATIONS.get(token.text)
            if words is None:
                yield token
                continue
            if token.mode != "query":
                yield token
            for word in words.split():
                token.text = word
                yield token


class FeminineFilter(Filter):
    """Bring feminine endings to the masculine so both stem alike."""

    is_morph = True  # the spelling dictionary keeps the words as written

    def __call__(self, tokens):
        for token in tokens:
            token.text = masculine(token.text)
            yield token


@lru_cache(maxsize=100_000)
def masculine(word):
    """The word with a feminine ending brought to the masculine (cached: a
    corpus repeats a small vocabulary, and this ran once per token)."""
    if len(word) > 5:
        for pattern, ending in _FEMININE:
            if pattern.search(word):
                return pattern.sub(ending, word)
    return word


_STOP_WORDS = frozenset(stopwords_for_language("fr"))
_stem = stemmer_for_language("fr")


class FrenchWords(Filter):
    """Lowercase, accents folded, abbreviations, stop words: one cached step.

    With FrenchStems, the same result as the chain of five whoosh filters
    that made a third of the build (each step ran per token, though a corpus
    repeats a small vocabulary). Older indexes keep that chain pickled in
    their schema, so its classes stay defined above.
    """

    def __call__(self, tokens):
        for token in tokens:
            for text, stopped in _words(token.text, token.mode == "query"):
                if not (stopped and token.removestops):
                    token.text, token.stopped = text, stopped
                    yield token


class FrenchStems(Filter):
    """Feminine brought to the masculine, then the stem (cached per word).

    A morphological step: spelling words (no_morph) skip it.
    """

    is_morph = True

    def __call__(self, tokens):
        for token in tokens:
            if not token.stopped:
                token.text = _stems(token.text)
                if token.text is None:  # a stop word once masculine
                    continue
            yield token


def _is_stop(text):
    return len(text) < 2 or text in _STOP_WORDS


@lru_cache(maxsize=200_000)
def _words(word, query):
    """((text, stopped), …) of one word; see FrenchWords."""
    word = word.lower().translate(accent_map)
    expansion = ABBREVIATIONS.get(word)
    if expansion is None:
        texts = [word]
    else:  # a query searches the words an abbreviation stands for, not itself
        texts = ([] if query else [word]) + expansion.split()
    return tuple((text, _is_stop(text)) for text in texts)


@lru_cache(maxsize=200_000)
def _stems(text):
    """The stem of the masculine of `text`, None when that is a stop word."""
    text = masculine(text)
    return None if _is_stop(text) else _stem(text)


ANALYZER = RegexTokenizer(r"\w+") | FrenchWords() | FrenchStems()


def schema():
    """The fields every kind of document shares; a kind leaves unused ones empty.

    No positions (phrase=False): queries are words, never phrases, and
    highlights re-analyse the text. Spelling words only from titles: the
    body's made a fifth of the build for suggestions a title nearly always gives.
    """
    return Schema(
        id=ID(stored=True, unique=True),
        digest=STORED(),
        title=TEXT(analyzer=ANALYZER, field_boost=3.0, spelling=True, phrase=False),
        body=TEXT(analyzer=ANALYZER, phrase=False),
        occupation=KEYWORD(commas=True),
        contract=KEYWORD(commas=True),
        commune=ID(sortable=True),
        est_kind=KEYWORD(commas=True),
        month=ID(sortable=True),
        date=SortDate(sortable=True),
        until=SortDate(sortable=True),  # the last day a document is found (see _View.open_on)
    )


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


def digest(document):
    """A fingerprint of a document's content, to spot stale entries."""
    encoded = json.dumps(document, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]


# --- opening indexes ----------------------------------------------------------

_local = threading.local()
_create_lock = threading.Lock()


def _folder(root, kind):
    return Path(root) / kind


def open_index(root, kind):
    """The index of `kind` under `root`, created empty on first use."""
    folder = _folder(root, kind)
    cache = _local.__dict__.setdefault("indexes", {})
    if str(folder) in cache:
        return cache[str(folder)]
    folder.mkdir(parents=True, exist_ok=True)
    with _create_lock, open(folder / ".create.lock", "w") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)  # two processes must not both create it
        if not index.exists_in(folder):
            if _segment_names(folder):
                # Segments without a table of contents (a copy under way): an
                # empty index created here would have its first save delete them.
                raise IndexUnreadable(f"{kind}: table of contents missing")
            index.create_in(folder, schema())
        cache[str(folder)] = index.open_dir(folder)
    return cache[str(folder)]


def _segment_names(folder):
    pattern = TOC._segment_pattern(index._DEF_INDEX_NAME)
    return [path.name for path in Path(folder).iterdir() if pattern.match(path.name)]


def searcher(root, kind):
    """This thread's searcher of `kind`, reopened only when the index changed.

    Out of the cache while it is checked and opened: one that failed (a table
    of contents missing for a moment) is never kept, and the next query opens
    the index anew.
    """
    cache = _local.__dict__.setdefault("searchers", {})
    key = str(_folder(root, kind))
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
    key = str(_folder(root, kind))
    cached = _local.__dict__.get("searchers", {}).pop(key, None)
    _local.__dict__.get("indexes", {}).pop(key, None)
    with _segment_lock:
        _segment_cache.clear()  # values may have been read from a damaged file
    if cached is not None:
        try:
            cached.close()
        # Its files may be the damaged ones (bandit B110).
        except Exception:  # nosec B110
            pass


def _reading(query):
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


# --- writing ------------------------------------------------------------------

def _writer(root, kind, timeout=None, processes=1, **kwargs):
    ix = open_index(root, kind)
    options = {"timeout": WRITE_TIMEOUT if timeout is None else timeout, "delay": 0.05,
               "compound": False, "codec": CODEC, **kwargs}
    try:
        if processes > 1:
            return _ParallelWriter(ix, procs=processes, multisegment=True, **options)
        writer = _Writer(ix, **options)
    except LockError as error:
        raise IndexBusy(kind) from error
    for name, spec in schema().items():
        if name not in writer.schema:  # an index of an earlier version: its saves go on
            writer.add_field(name, spec)
    return writer


def _drop_unlisted(writer):
    """Delete the segment files the index's table of contents does not list.

    whoosh creates a writer's segment files when the writer opens and deletes
    unlisted ones only on commit: each cancelled write (most saves change
    nothing indexed) left three. Called with the write lock still held, when
    no other writer can have files under way.
    """
    clean_files(writer.storage, writer.indexname, writer.generation - 1, writer.segments)


def _cancel(writer):
    """SegmentWriter.cancel(), then the files it leaves deleted before the lock goes."""
    writer._check_state()
    writer._close_segment()
    _drop_unlisted(writer)
    writer._finish()  # releases the lock


class _NotingSizes:
    """A writer that notes the size of each segment's files in the table of contents.

    A segment's files never change once written (its deletions are kept in
    the table of contents): health() then sees a truncated or missing file
    without reading it.
    """

    def _commit_toc(self, segments):
        names = list(self.storage)
        for segment in segments:
            if getattr(segment, "file_sizes", None) is None:
                prefix = segment.segment_id() + "."
                segment.file_sizes = {name: self.storage.file_length(name)
                                      for name in names if name.startswith(prefix)}
        super()._commit_toc(segments)


class _Writer(_NotingSizes, SegmentWriter):
    """whoosh's writer, whose cancel() leaves no file behind."""

    cancel = _cancel


class _ParallelWriter(_NotingSizes, MpWriter):
    """whoosh's MpWriter (each sub-process writes a segment of its own), made
    to fail loudly: as shipped, it commits without the documents of a
    sub-process that died, and its cancel() leaves the others waiting for work.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.jobqueue = Queue()  # unbounded: a put never waits for a dead sub-process

    def _commit_toc(self, segments):
        if any(task.exitcode for task in self.tasks):
            _drop_unlisted(self)  # the sub-processes' segments
            self._finish()  # the lock released, the index as it was before
            raise IndexBuildFailed("an indexing sub-process failed")
        super()._commit_toc(segments)

    def cancel(self):
        for task in self.tasks:
            task.terminate()
            task.join()
        _cancel(self)  # MpWriter's own calls SegmentWriter's, which leaves files


def apply(root, kind, documents, timeout=None):
    """Write {id: document or None}: None deletes the entry of that id.

    `timeout`: how long to wait for the write lock (WRITE_TIMEOUT by default);
    the drain after a user's save waits briefly and leaves its rows pending.
    """
    apply_fresh(root, kind, lambda: documents, timeout)


def apply_fresh(root, kind, read, timeout=None):
    """apply() the documents that `read()` returns, called once the write lock is held.

    The drain reads the database there: two processes then write in the order
    they read, and an older state never overwrites a newer one.
    """
    writer = _writer(root, kind, timeout)
    try:
        changes = _changed(writer, read())
        for object_id, document in changes.items():
            if document is None:
                writer.delete_by_term("id", str(object_id))
            else:
                writer.update_document(**_fields(object_id, document))
    except BaseException:
        writer.cancel()
        raise
    if changes:
        writer.commit(mergetype=_merge_smallest)
    else:
        writer.cancel()


def _changed(writer, documents):
    """The entries of `documents` that differ from what the index holds.

    Read under the write lock. Many saves change nothing indexed (a booking
    changes a session's seat count only): they then write no segment.
    """
    with writer.searcher() as reader:
        return {object_id: document for object_id, document in documents.items()
                if _held_digest(reader, object_id) != (
                    None if document is None else digest(document))}


def _held_digest(reader, object_id):
    stored = reader.document(id=str(object_id))
    return stored.get("digest") if stored else None


def _merge_smallest(writer, segments):
    """Merge policy of a save: nothing until MAX_SEGMENTS, then the smallest half.

    A save waits for this commit, so it never rewrites the large segments of
    a rebuild (whoosh's MERGE_SMALL let them pile up here, then merged
    unpredictably); sizes then grow geometrically and searches open few segments.
    """
    from whoosh.reading import SegmentReader
    if len(segments) < MAX_SEGMENTS:
        return segments
    ordered = sorted(segments, key=lambda segment: segment.doc_count_all())
    half = len(ordered) // 2
    for segment in ordered[:half]:
        with SegmentReader(writer.storage, writer.schema, segment) as reader:
            writer.add_reader(reader)
    return ordered[half:]


def _fields(object_id, document):
    fields = {name: value for name, value in document.items() if value not in (None, "")}
    return {**fields, "id": str(object_id), "digest": digest(document)}


def rebuild(root, kind, documents, processes=1):
    """Replace the whole index of `kind` with `documents` ((id, doc) pairs).

    With `processes` > 1, that many sub-processes index the documents, a
    segment each (`search rebuild` takes one per core): the bench's 100,000
    documents in 30-36 s instead of 75 s on 2 cores.
    """
    from whoosh.writing import CLEAR
    if processes > 1 and not _current_schema(root, kind):
        processes = 1  # sub-processes would index with the older schema
    writer = _writer(root, kind, limitmb=256, processes=processes)
    # An index made by an older version keeps its schema in its table of
    # contents; CLEAR drops every old segment, so the new schema can take over.
    writer.schema = schema()
    try:
        for object_id, document in documents:
            writer.add_document(**_fields(object_id, document))
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=CLEAR)


def _current_schema(root, kind):
    """Whether the index of `kind` was written with this version's schema."""
    open_index(root, kind)  # created on first use
    held = index.open_dir(_folder(root, kind)).schema  # the cached index may predate a rebuild
    return _layout(held) == _layout(schema())


def _layout(fields):
    """What a schema's fields are made of: an index of an older version differs."""
    return [(name, type(kind).__name__, type(kind.format).__name__, kind.indexed,
             kind.separate_spelling(), type(kind.column_type).__name__)
            for name, kind in fields.items()]


def stored_digests(root, kind):
    """{id: digest} of every entry in the index of `kind`."""
    with open_index(root, kind).searcher() as reader:
        return {int(fields["id"]): fields.get("digest")
                for fields in reader.all_stored_fields()}


# --- damage -------------------------------------------------------------------

def health(path):
    """'ok', or a short description of what is wrong with the index folder.

    Quick (what /healthz asks): each kind's table of contents is read, its
    segments' files are compared with the sizes noted when they were written
    and every segment is opened; no file is read whole (see damage()).
    """
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK):
            return "index folder not writable"
        problems = [_quick_problem(child) for child in sorted(folder.iterdir()) if child.is_dir()]
    except Exception as error:  # any failure is reported, never raised
        return f"{type(error).__name__}: {error}"
    return "; ".join(problem for problem in problems if problem) or "ok"


def _quick_problem(folder):
    """None, or what health() finds wrong with one kind's index."""
    return _settled(folder, _files_problem)


def damage(root, kind):
    """What is wrong with the index of `kind`, read whole; None when nothing is.

    Every segment's files are read: stored fields, every term's postings,
    lengths and columns (`search check`; seconds at 100,000 documents).
    """
    return _settled(_folder(root, kind), _read_problem)


def _settled(folder, look, tries=3):
    """look(index) → problem, asked again when a commit moved the index meanwhile
    (a merge deletes the files of the segments it replaced)."""
    if not folder.is_dir():
        return None  # created empty on first use
    for _ in range(tries):
        generation = _generation(folder)
        if generation < 0:
            return f"{folder.name}: table of contents missing" if _segment_names(folder) else None
        try:
            problem = look(index.open_dir(folder))
        except Exception as error:  # what whoosh meets in a damaged file
            problem = f"{type(error).__name__}: {error}"
        if problem is None or _generation(folder) == generation:
            return problem and f"{folder.name}: {problem}"
    return f"{folder.name}: {problem}"


def _generation(folder):
    """The generation of the index's latest table of contents, -1 without one."""
    return TOC._latest_generation(FileStorage(folder), index._DEF_INDEX_NAME)


def _files_problem(ix):
    present = {name: ix.storage.file_length(name) for name in ix.storage}
    for segment in ix._segments():
        for name, size in (getattr(segment, "file_sizes", None) or {}).items():
            if name not in present:
                return f"{name} missing"
            if present[name] != size:
                return f"{name}: {present[name]} bytes instead of {size}"
    with ix.reader() as reader:  # opens every segment's files
        reader.doc_count_all()
    return None


def _read_problem(ix):
    problem = _files_problem(ix)
    if problem:
        return problem
    with ix.reader() as reader:
        for leaf, _base in reader.leaf_readers():
            problem = _segment_problem(leaf)
            if problem:
                return f"segment {leaf.segment().segment_id()}: {problem}"
    return None


def _segment_problem(leaf):
    size = leaf.doc_count_all()
    for docnum in range(size):
        leaf.stored_fields(docnum)
    for fieldname, text in leaf.all_terms():
        ids = _segment_postings(leaf, fieldname, text)[0]
        if isinstance(leaf.schema[fieldname], SpellField):
            continue  # its postings hold word counts, not documents
        if len(ids) != leaf.doc_frequency(fieldname, text) or (
                len(ids) and (ids[0] < 0 or ids[-1] >= size or np.any(np.diff(ids) <= 0))):
            return f"postings of {fieldname}:{text!r} do not fit the segment"
    for name, spec in leaf.schema.items():
        if spec.scorable:
            for docnum in range(size):
                leaf.doc_field_length(docnum, name)
        if spec.column_type is not None and leaf.has_column(name):
            # A fixed-size column may end before the last documents (they have
            # no value), so only the sizes noted by health() see it truncated.
            if len(list(leaf.column_reader(name, translate=False))) != size:
                return f"column {name} does not fit the segment"
    return None


# --- querying -----------------------------------------------------------------
#
# whoosh finds the terms and decodes the posting blocks; the counting is done
# here with numpy over whole blocks. whoosh's own matchers ran several Python
# calls per posting: a word such as "infirmier", in 23,000 of 50,000 vacancies,
# took 150 ms at p95; a boolean mask and a score array per query take a few.
# The results are whoosh's: the same TF-IDF scores (tested against whoosh's
# own search), every match counted, the facets counted over every match.

TEXT_FIELDS = ("title", "body")


@dataclass
class Results:
    ids: list
    total: int
    facets: dict = field(default_factory=dict)
    suggestion: str | None = None
    terms: list = field(default_factory=list)


def clean_query(text):
    """The words of a user's query: no syntax, no control characters, bounded."""
    text = (text or "")[:MAX_QUERY_CHARS]
    return re.findall(r"\w+", text)[:MAX_QUERY_WORDS]


@lru_cache(maxsize=10_000)
def _tokens(word):
    """The analysed tokens of one typed word, all of which a document must hold."""
    return tuple(dict.fromkeys(token.text for token in ANALYZER(word, mode="query")))


def query_words(text):
    """The words of a query that leave at least one token once analysed.

    A query of stop words alone ("le la de") then counts as no words at all,
    instead of silently matching every document.
    """
    return [word for word in clean_query(text) if _tokens(word)]


@_reading
def search(root, kind, text="", filters=None, sort="relevance", page=1, per_page=20,
           facets=()):
    """Ids of one page of hits, the total, facet counts and a spelling suggestion."""
    words = query_words(text)
    reader = searcher(root, kind)
    mask, scores = _match(reader, words, filters)
    key = scores if words and sort != "date" else _view(reader).dates
    start = (page - 1) * per_page
    docnums, total = _ranked(reader, mask, key, page * per_page)
    return Results(ids=_ids(reader, docnums[start:]), total=total,
                   facets=_facet_counts(reader, mask, facets),
                   suggestion=_suggest(reader, words) if words and not total else None,
                   terms=[token for word in words for token in _tokens(word)])


def _match(reader, words, filters=None):
    """(mask, scores) over docnums: the live documents, not past their `until`
    date, holding every token of every word in their title or body and one
    accepted value of each filter;
    scores as whoosh's TF-IDF (a term's weight times its idf, summed)."""
    view = _view(reader)
    mask, scores = view.open_on(local_today()).copy(), np.zeros(view.size)
    for word in words:
        for token in _tokens(word):
            present = np.zeros(view.size, dtype=bool)
            for fieldname in TEXT_FIELDS:
                docnums, weights = _postings(reader, fieldname, token)
                if len(docnums):
                    present[docnums] = True
                    scores[docnums] += weights * reader.idf(fieldname, token)
            mask &= present
    for name, values in (filters or {}).items():
        if values:
            mask &= view.any_of(name, values)
    return mask, scores


def _ranked(reader, mask, key, limit):
    """(the best `limit` docnums of `mask` by `key`, highest first; how many match).

    Ties go to the newest, then to the first indexed. Keys equal to nine
    decimals tie: a sum's last bits depend on the order of its terms, and the
    order of a page must not.
    """
    hits = np.flatnonzero(mask)
    dates = _view(reader).dates[hits]
    order = np.lexsort((hits, -dates, -np.round(key[hits], 9)))[:limit]
    return hits[order].tolist(), len(hits)


def _ids(reader, docnums):
    return [int(reader.stored_fields(docnum)["id"]) for docnum in docnums]


_NONE = (np.zeros(0, dtype=np.int64), np.zeros(0))


def _postings(reader, fieldname, text):
    """(docnums, weights) of one term in every segment, deleted documents included."""
    parts = [(_segment_postings(leaf, fieldname, text), base)
             for leaf, base in _view(reader).leaves]
    parts = [(ids + base, weights) for (ids, weights), base in parts if len(ids)]
    if not parts:
        return _NONE
    return (np.concatenate([ids for ids, _ in parts]),
            np.concatenate([weights for _, weights in parts]))


def _leaves(reader):
    """(segment reader, its first docnum) of each segment holding documents."""
    return [(leaf, base) for leaf, base in reader.reader().leaf_readers() if leaf.doc_count_all()]


def _segment_postings(leaf, fieldname, text):
    if (fieldname, text) not in leaf:
        return _NONE
    matcher = leaf.postings(fieldname, text)
    if isinstance(matcher, FilterMatcher):  # skips deleted documents: _View.live does
        matcher = matcher.child
    blocks = list(_blocks(matcher))
    return (np.concatenate([ids for ids, _ in blocks]),
            np.concatenate([weights for _, weights in blocks]))


def _blocks(matcher):
    """(ids, weights) arrays of each block of postings.

    A W3 posting list is a chain of pickled blocks (CODEC's blocklimit): the
    ids delta-encoded, the weights None (all 1), one float or one per posting.
    whoosh-reloaded is pinned; tests/search/test_scoring.py compares the
    results with whoosh's own search, so a change of format fails there.
    """
    if not isinstance(matcher, W3LeafMatcher):  # other matchers: posting by posting
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        yield np.array(ids, dtype=np.int64), np.array(weights, dtype=float)
        return
    while True:
        matcher._read_data()
        deltas, weights = matcher._data[:2]
        ids = np.cumsum(np.array(deltas, dtype=np.int64))
        if weights is None or isinstance(weights, float):
            yield ids, np.full(len(ids), 1.0 if weights is None else weights)
        else:
            yield ids, np.array(weights, dtype=float)
        if matcher._lastblock:
            return
        matcher._goto(matcher._nextoffset)


class _View:
    """What the queries of one searcher share: its size, which docnums are
    live, the date columns and each facet's docnums per value. Kept on the
    searcher, so an index change (a new searcher) drops it."""

    def __init__(self, reader):
        self.leaves = _leaves(reader)
        self.size = reader.doc_count_all()
        self.live = np.ones(self.size, dtype=bool)
        for leaf, base in self.leaves:
            if leaf.has_deletions():
                deleted = np.array(sorted(leaf.deleted_docs_set), dtype=np.int64)
                self.live[deleted + base] = False
        self._facets, self._columns, self._open = {}, {}, (None, None)

    def column(self, name):
        """A date column per docnum, as numbers (0 where a document has none)."""
        if name not in self._columns:
            values = np.zeros(self.size, dtype=np.int64)
            for leaf, base in self.leaves:
                part = _of_segment(leaf, name, _segment_dates)
                values[base:base + len(part)] = part
            self._columns[name] = values
        return self._columns[name]

    @property
    def dates(self):
        return self.column("date")

    def open_on(self, day):
        """Mask of the live documents whose `until` date is not before `day`.

        A vacancy past its expiry date is out of every answer that day, though
        the daily `expire` has not run yet; the day is asked at each query, so a
        searcher kept overnight follows it.
        """
        held_day, mask = self._open
        if held_day != day:
            until = self.column("until")
            cutoff = datetime_to_long(datetime.combine(day, time()))
            mask = self.live & ((until == 0) | (until >= cutoff))
            self._open = day, mask
        return mask

    def facet(self, name):
        """{value: docnums} of a facet field."""
        if name not in self._facets:
            parts = {}
            for leaf, base in self.leaves:
                for value, ids in _of_segment(leaf, name, _segment_facet).items():
                    parts.setdefault(value, []).append(ids + base)
            self._facets[name] = {value: np.concatenate(ids) for value, ids in parts.items()}
        return self._facets[name]

    def any_of(self, name, values):
        """Mask of the documents holding one of `values` in facet `name`."""
        found, docs = np.zeros(self.size, dtype=bool), self.facet(name)
        for value in values:
            found[docs.get(str(value), [])] = True
        return found


def _view(reader):
    view = reader.__dict__.get("_view")
    if view is None:
        view = reader.__dict__["_view"] = _View(reader)
    return view


# A segment's files never change once written (its deletions aside, which
# _View.live applies): its dates and facets outlive the searchers that each
# save replaces, and the first search after a save reads only the new segment.
_SEGMENT_CACHE_SIZE = 256  # (segment, field) pairs: 3 kinds × up to 8 segments × 6 fields fit
_segment_cache = OrderedDict()
_segment_lock = threading.Lock()


def _of_segment(leaf, name, read):
    """read(leaf, name), once per segment while it stays among the recent ones."""
    key = (leaf.segment().segment_id(), name)
    with _segment_lock:
        if key in _segment_cache:
            _segment_cache.move_to_end(key)
            return _segment_cache[key]
    value = read(leaf, name)
    with _segment_lock:
        _segment_cache[key] = value
        while len(_segment_cache) > _SEGMENT_CACHE_SIZE:
            _segment_cache.popitem(last=False)
    return value


def _segment_facet(leaf, name):
    """{value: ids} of a facet field in one segment."""
    return {text.decode(): _segment_postings(leaf, name, text)[0] for text in leaf.lexicon(name)}


def _segment_dates(leaf, name):
    """A segment's date column as numbers, 0 where no value was set.

    Its fixed-size values are read at once: iterating them took 50 ms per
    50,000 documents.
    """
    if not leaf.has_column(name):
        return _NONE[0]
    column = leaf.column_reader(name, translate=False)
    if not isinstance(column, NumericColumn.Reader):
        return np.array(list(column), dtype=np.int64)
    raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
    values = np.frombuffer(raw, dtype=">" + column._typecode)
    return np.where(values == column._default, 0, values).astype(np.int64)


def _facet_counts(reader, mask, names):
    """{facet: {value: count}} over every match."""
    view, counts = _view(reader), {}
    for name in names:
        tally = ((value, int(np.count_nonzero(mask[docnums])))
                 for value, docnums in view.facet(name).items())
        counts[name] = {value: count for value, count in tally if count}
    return counts


@_reading
def ranked_ids(root, kind, text, limit=1000):
    """Ids of the best `limit` hits, best first.

    None when the text holds no word: the caller then does not restrict by text.
    """
    words = query_words(text)
    if not words:
        return None
    reader = searcher(root, kind)
    mask, scores = _match(reader, words)
    return _ids(reader, _ranked(reader, mask, scores, limit)[0])


SUGGESTION_CANDIDATES = 10


def _suggest(reader, words):
    """'Did you mean': each word that matches nothing replaced by the closest one
    that does; None when no word can be, or the corrected words match nothing.

    whoosh's spelling words are a segment's terms, kept after their documents
    are deleted (a CV withdrawn from the bank) until the segment is merged, so
    each candidate must match a document still found (_match).
    """
    corrected = []
    for word in words:
        if _match(reader, [word])[0].any():
            corrected.append(word)
            continue
        # Only titles keep spelling words.
        candidates = reader.suggest("title", word.lower(), limit=SUGGESTION_CANDIDATES)
        corrected.append(next((candidate for candidate in candidates
                               if _match(reader, [candidate])[0].any()), word))
    if corrected == words or not _match(reader, corrected)[0].any():
        return None
    return " ".join(corrected)


def highlights(text, terms, top=2):
    """Extracts of `text` around the query's terms, with <mark> around each."""
    if not text or not terms:
        return Markup("")
    formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
    fragments = highlight.highlight(text, frozenset(terms), ANALYZER,
                                    highlight.ContextFragmenter(maxchars=160, surround=60),
                                    formatter, top=top)
    # HtmlFormatter escapes the text itself: only its <mark> tags are markup.
    return Markup(fragments)  # nosec B704


# --- matching -----------------------------------------------------------------

MAX_SIMILAR_WORDS = 30
MAX_SIMILAR_CHARS = 5000
# "Infirmier(ère)", "Aide-soignant(e)": the ending alone would match every such label.
_GENDER_MARK = re.compile(r"(?<=\w)\(\w{1,5}\)")


@_reading
def similar_ids(root, kind, text, limit=200):
    """Ids of the documents sharing the most words with `text` (a vacancy, a CV), best first.

    Unlike a typed query, any word may match: a whole description never holds
    every word of one document. Empty when `text` has no searchable word.
    """
    text = _GENDER_MARK.sub("", (text or "")[:MAX_SIMILAR_CHARS])
    words = dict.fromkeys(word.lower() for word in re.findall(r"\w+", text))
    by_tokens = {_tokens(word): word for word in words if _tokens(word)}
    words = list(by_tokens.values())[:MAX_SIMILAR_WORDS]
    if not words:
        return []
    reader = searcher(root, kind)
    size = _view(reader).size
    found, total = np.zeros(size, dtype=bool), np.zeros(size)
    for word in words:  # whoosh's Or: the scores of the words a document holds, summed
        mask, scores = _match(reader, [word])
        found |= mask
        total += scores * mask
    return _ids(reader, _ranked(reader, found, total, limit)[0])


@_reading
def matching_ids(root, kind, text, filters, ids):
    """Which of `ids` the query and filters match (the saved searches' daily digest).

    The digest finds what is new in the database first, then asks the engine
    only about those few documents, whatever their rank among all matches.
    """
    if not ids:
        return set()
    reader = searcher(root, kind)
    mask = _match(reader, query_words(text), filters)[0]
    docnums = {object_id: reader.document_number(id=str(object_id)) for object_id in ids}
    return {object_id for object_id, docnum in docnums.items()
            if docnum is not None and mask[docnum]}
