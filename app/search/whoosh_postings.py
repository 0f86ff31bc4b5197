"""The numpy side of the whoosh engine: posting blocks as arrays, and what
the queries of one searcher share (live documents, dates, facets).

whoosh finds the terms and decodes the posting blocks; the counting is done
with numpy over whole blocks (whoosh_engine.py). A segment's files never
change once written, so its dates and facet values are cached per segment.
"""
import threading
from collections import OrderedDict
from datetime import datetime, time

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.columns import NumericColumn
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.times import datetime_to_long


def ids_of(reader, docnums):
    return [int(reader.stored_fields(docnum)["id"]) for docnum in docnums]


NONE = (np.zeros(0, dtype=np.int64), np.zeros(0))


def postings(reader, fieldname, text):
    """(docnums, weights) of one term in every segment, deleted documents included."""
    parts = [(segment_postings(leaf, fieldname, text), base)
             for leaf, base in view(reader).leaves]
    parts = [(ids + base, weights) for (ids, weights), base in parts if len(ids)]
    if not parts:
        return NONE
    return (np.concatenate([ids for ids, _ in parts]),
            np.concatenate([weights for _, weights in parts]))


def _leaves(reader):
    """(segment reader, its first docnum) of each segment holding documents."""
    return [(leaf, base) for leaf, base in reader.reader().leaf_readers() if leaf.doc_count_all()]


def segment_postings(leaf, fieldname, text):
    if (fieldname, text) not in leaf:
        return NONE
    matcher = leaf.postings(fieldname, text)
    if isinstance(matcher, FilterMatcher):  # skips deleted documents: View.live does
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


class View:
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


def view(reader):
    shared = reader.__dict__.get("_view")
    if shared is None:
        shared = reader.__dict__["_view"] = View(reader)
    return shared


# A segment's files never change once written (its deletions aside, which
# View.live applies): its dates and facets outlive the searchers that each
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
    return {text.decode(): segment_postings(leaf, name, text)[0] for text in leaf.lexicon(name)}


def _segment_dates(leaf, name):
    """A segment's date column as numbers, 0 where no value was set.

    Its fixed-size values are read at once: iterating them took 50 ms per
    50,000 documents.
    """
    if not leaf.has_column(name):
        return NONE[0]
    column = leaf.column_reader(name, translate=False)
    if not isinstance(column, NumericColumn.Reader):
        return np.array(list(column), dtype=np.int64)
    raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
    values = np.frombuffer(raw, dtype=">" + column._typecode)
    return np.where(values == column._default, 0, values).astype(np.int64)


def facet_counts(reader, mask, names):
    """{facet: {value: count}} over every match."""
    shared, counts = view(reader), {}
    for name in names:
        tally = ((value, int(np.count_nonzero(mask[docnums])))
                 for value, docnums in shared.facet(name).items())
        counts[name] = {value: count for value, count in tally if count}
    return counts



def forget_segments():
    """Drop every cached segment value (an index found damaged)."""
    with _segment_lock:
        _segment_cache.clear()
