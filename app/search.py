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
import os
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup
from whoosh import collectors, highlight, index, scoring, sorting
from whoosh.codec.whoosh3 import W3PerDocReader
from whoosh.analysis import Filter, RegexTokenizer
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.index import LockError
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.query import And, Every, Or, Term
from whoosh.support.charset import accent_map

WRITE_TIMEOUT = 20.0
MAX_SEGMENTS = 8  # past this many segments a write merges the small ones
MAX_QUERY_WORDS = 12
MAX_QUERY_CHARS = 300
FACET_SAMPLE = 1000  # facet counts are taken over this many best hits
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
            index.create_in(folder, schema())
        cache[str(folder)] = index.open_dir(folder)
    return cache[str(folder)]


def searcher(root, kind):
    """This thread's searcher of `kind`, refreshed only when the index changed."""
    cache = _local.__dict__.setdefault("searchers", {})
    key = str(_folder(root, kind))
    current = cache.get(key)
    if current is None:
        current = _new_searcher(root, kind)
    elif not current.up_to_date():
        # Reopen, never refresh(): whoosh-reloaded 2.7.5's refresh keeps the
        # segments a merge or a deletion replaced, so a deleted document was
        # still found and an updated one found twice.
        current = _reopen(current, root, kind)
    cache[key] = current
    return current


def _new_searcher(root, kind):
    # TF-IDF, not BM25F: BM25F reads every hit's field length (a third of a
    # query's time); titles keep their weight through their field boost.
    return open_index(root, kind).searcher(weighting=scoring.TF_IDF())


def _reopen(old, root, kind):
    old.close()
    return _new_searcher(root, kind)


def forget_cached():
    """Close this thread's cached searchers (tests, rebuilds)."""
    for cached in _local.__dict__.pop("searchers", {}).values():
        cached.close()
    _local.__dict__.pop("indexes", None)


# --- writing ------------------------------------------------------------------

def _writer(root, kind, timeout=None, **kwargs):
    try:
        return open_index(root, kind).writer(
            timeout=WRITE_TIMEOUT if timeout is None else timeout, delay=0.05,
            compound=False, **kwargs)
    except LockError as error:
        raise IndexBusy(kind) from error


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


def rebuild(root, kind, documents):
    """Replace the whole index of `kind` with `documents` ((id, doc) pairs)."""
    from whoosh.writing import CLEAR
    # One process: with writer(procs=2) the same build took 40 % longer on this
    # shared 2-core machine (documents pickled to the workers, cores busy).
    writer = _writer(root, kind, limitmb=256)
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


def stored_digests(root, kind):
    """{id: digest} of every entry in the index of `kind`."""
    with open_index(root, kind).searcher() as reader:
        return {int(fields["id"]): fields.get("digest")
                for fields in reader.all_stored_fields()}


def health(path):
    """'ok', or a short description of what is wrong with the index folder."""
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK):
            return "index folder not writable"
        for child in folder.iterdir():
            if child.is_dir() and index.exists_in(child):
                index.open_dir(child).doc_count()
    except Exception as error:  # any failure is reported, never raised
        return f"{type(error).__name__}: {error}"
    return "ok"


# --- querying -----------------------------------------------------------------

@dataclass
class Results:
    ids: list
    total: int
    facets: dict = field(default_factory=dict)
    suggestion: str | None = None
    terms: list = field(default_factory=list)
    facets_exact: bool = True  # False: the facet counts are over the best FACET_SAMPLE hits


def clean_query(text):
    """The words of a user's query: no syntax, no control characters, bounded."""
    text = (text or "")[:MAX_QUERY_CHARS]
    return re.findall(r"\w+", text)[:MAX_QUERY_WORDS]


def _word_query(word):
    """One typed word: all its analysed tokens, in the title or the body."""
    tokens = [token.text for token in ANALYZER(word, mode="query")]
    if not tokens:
        return None
    parts = [Or([Term("title", token), Term("body", token)]) for token in tokens]
    return parts[0] if len(parts) == 1 else And(parts)


def build_query(words, filters):
    """AND of the words, AND of each filter's OR of accepted values."""
    parts = [q for q in (_word_query(word) for word in words) if q is not None]
    for name, values in (filters or {}).items():
        if values:
            parts.append(Or([Term(name, str(value)) for value in values]))
    return And(parts) if parts else Every()


def query_words(text):
    """The words of a query that leave at least one token once analysed.

    A query of stop words alone ("le la de") then counts as no words at all,
    instead of silently matching every document.
    """
    return [word for word in clean_query(text) if _word_query(word) is not None]


def search(root, kind, text="", filters=None, sort="relevance", page=1, per_page=20,
           facets=()):
    """Ids of one page of hits, the total, facet counts and a spelling suggestion."""
    words = query_words(text)
    reader = searcher(root, kind)
    limit = page * per_page
    limit = max(limit, FACET_SAMPLE) if facets else limit
    query = build_query(words, filters)
    hits = (_newest(reader, query, limit) if sort == "date" or not words
            else _best(reader, query, limit))
    start = (page - 1) * per_page
    ids = [int(hit["id"]) for hit in hits[start:start + per_page]]
    return Results(ids=ids, total=len(hits),
                   facets=_facet_counts(reader, hits, facets),
                   suggestion=_suggest(reader, words) if words and hits.is_empty() else None,
                   terms=[t.text for w in words for t in ANALYZER(w, mode="query")],
                   facets_exact=hits.scored_length() == len(hits))


def _newest(reader, query, limit):
    return reader.search(query, limit=limit, sortedby=sorting.FieldFacet("date", reverse=True))


def _best(reader, query, limit):
    """The best `limit` hits, every match counted in the same pass.

    Block skipping (whoosh's default) barely skips here, hits scoring alike,
    and then needs a second pass to count; replacing matchers (replace) drops
    the branches that cannot enter the top, so the count would fall short.
    """
    collector = collectors.TopCollector(limit=limit, usequality=False, replace=0)
    reader.search_with_collector(query, collector)
    return collector.results()


def _facet_counts(reader, hits, names):
    """{facet: {value: count}} over the hits scored (the best FACET_SAMPLE).

    Counting over every match made the page five times slower than the
    search itself; beyond FACET_SAMPLE hits the counts are a sample.
    """
    counts = {name: {} for name in names}
    docnums = [docnum for _score, docnum in hits.top_n]
    for name in names:
        values, tally = _facet_values(reader, name), counts[name]
        for docnum in docnums:
            for value in values[docnum]:
                tally[value] = tally.get(value, 0) + 1
    return counts


def _facet_values(reader, name):
    """The values of facet `name` per docnum, read once per searcher (a new
    one replaces it when the index changes, so the cache never goes stale).

    A list of shared tuples: a dict of lists cost some 50 MB per worker at
    100,000 documents.
    """
    cache = reader.__dict__.setdefault("_facet_values", {})
    if name not in cache:
        index_reader = reader.reader()
        values = [()] * index_reader.doc_count_all()
        for text in index_reader.lexicon(name):
            single = (text.decode(),)
            for docnum in index_reader.postings(name, text).all_ids():
                values[docnum] = values[docnum] + single if values[docnum] else single
        cache[name] = values
    return cache[name]


def ranked_ids(root, kind, text, limit=1000):
    """Ids of the best `limit` hits, best first, without counting every match.

    None when the text holds no word: the caller then does not restrict by text.
    """
    words = query_words(text)
    if not words:
        return None
    hits = searcher(root, kind).search(build_query(words, {}), limit=limit)
    return [int(hit["id"]) for hit in hits]


def _suggest(reader, words):
    """'Did you mean': each word that matches nothing replaced by the closest indexed one."""
    corrected, changed = [], False
    for word in words:
        query = _word_query(word)
        if query is None or reader.search(query, limit=1):
            corrected.append(word)
            continue
        folded = word.lower()
        best = reader.suggest("title", folded, limit=1)  # only titles keep spelling words
        corrected.append(best[0] if best else word)
        changed = changed or bool(best)
    return " ".join(corrected) if changed else None


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


def similar_ids(root, kind, text, limit=200):
    """Ids of the documents sharing the most words with `text` (a vacancy, a CV), best first.

    Unlike a typed query, any word may match: a whole description never holds
    every word of one document. Empty when `text` has no searchable word.
    """
    text = _GENDER_MARK.sub("", (text or "")[:MAX_SIMILAR_CHARS])
    words = dict.fromkeys(word.lower() for word in re.findall(r"\w+", text))
    parts = list(dict.fromkeys(q for q in map(_word_query, words) if q is not None))
    parts = parts[:MAX_SIMILAR_WORDS]
    if not parts:
        return []
    hits = searcher(root, kind).search(Or(parts), limit=limit)
    return [int(hit["id"]) for hit in hits]


def matching_ids(root, kind, text, filters, ids):
    """Which of `ids` the query and filters match (the saved searches' daily digest).

    The digest finds what is new in the database first, then asks the engine
    only about those few documents, whatever their rank among all matches.
    """
    if not ids:
        return set()
    only = Or([Term("id", str(object_id)) for object_id in ids])
    query = And([build_query(clean_query(text), filters), only])
    hits = searcher(root, kind).search(query, limit=len(ids))
    return {int(hit["id"]) for hit in hits}
