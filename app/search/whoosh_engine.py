"""Querying a whoosh index: whoosh finds the terms, numpy does the counting.

whoosh's own matchers ran several Python calls per posting: a word such as
"infirmier", in 23,000 of 50,000 vacancies, took 150 ms at p95; a boolean
mask and a score array per query (whoosh_postings.py) take a few. The results
are whoosh's: the same TF-IDF scores (tests/search/whoosh/test_scoring.py
compares them with whoosh's own search), every match counted, the facets
counted over every match.
"""
import numpy as np
from markupsafe import Markup
from whoosh import highlight

from app.search.analysis import ANALYZER, query_words, similar_words, tokens
from app.search.base import Results
from app.search.kinds import TEXT_FIELDS
from app.search.whoosh_postings import facet_counts, ids_of, postings, view
from app.search.whoosh_store import reading, searcher
from app.timeutil import local_today

SUGGESTION_CANDIDATES = 10


@reading
def search(root, kind, text="", filters=None, sort="relevance", page=1, per_page=20,
           facets=()):
    """Ids of one page of hits, the total, facet counts and a spelling suggestion."""
    words = query_words(text)
    reader = searcher(root, kind)
    mask, scores = _match(reader, words, filters)
    key = scores if words and sort != "date" else view(reader).dates
    start = (page - 1) * per_page
    docnums, total = _ranked(reader, mask, key, page * per_page)
    return Results(ids=ids_of(reader, docnums[start:]), total=total,
                   facets=facet_counts(reader, mask, facets),
                   suggestion=_suggest(reader, words) if words and not total else None,
                   terms=[token for word in words for token in tokens(word)])


def _match(reader, words, filters=None):
    """(mask, scores) over docnums: the live documents, not past their `until`
    date, holding every token of every word in their title or body and one
    accepted value of each filter;
    scores as whoosh's TF-IDF (a term's weight times its idf, summed)."""
    shared = view(reader)
    mask, scores = shared.open_on(local_today()).copy(), np.zeros(shared.size)
    for word in words:
        for token in tokens(word):
            present = np.zeros(shared.size, dtype=bool)
            for fieldname in TEXT_FIELDS:
                docnums, weights = postings(reader, fieldname, token)
                if len(docnums):
                    present[docnums] = True
                    scores[docnums] += weights * reader.idf(fieldname, token)
            mask &= present
    for name, values in (filters or {}).items():
        if values:
            mask &= shared.any_of(name, values)
    return mask, scores


def _ranked(reader, mask, key, limit):
    """(the best `limit` docnums of `mask` by `key`, highest first; how many match).

    Ties go to the newest, then to the first indexed. Keys equal to nine
    decimals tie: a sum's last bits depend on the order of its terms, and the
    order of a page must not.
    """
    hits = np.flatnonzero(mask)
    dates = view(reader).dates[hits]
    order = np.lexsort((hits, -dates, -np.round(key[hits], 9)))[:limit]
    return hits[order].tolist(), len(hits)



@reading
def ranked_ids(root, kind, text, limit=1000):
    """Ids of the best `limit` hits, best first.

    None when the text holds no word: the caller then does not restrict by text.
    """
    words = query_words(text)
    if not words:
        return None
    reader = searcher(root, kind)
    mask, scores = _match(reader, words)
    return ids_of(reader, _ranked(reader, mask, scores, limit)[0])




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


@reading
def similar_ids(root, kind, text, limit=200):
    """Ids of the documents sharing the most words with `text` (a vacancy, a CV), best first.

    Unlike a typed query, any word may match: a whole description never holds
    every word of one document. Empty when `text` has no searchable word.
    """
    words = similar_words(text)
    if not words:
        return []
    reader = searcher(root, kind)
    size = view(reader).size
    found, total = np.zeros(size, dtype=bool), np.zeros(size)
    for word in words:  # whoosh's Or: the scores of the words a document holds, summed
        mask, scores = _match(reader, [word])
        found |= mask
        total += scores * mask
    return ids_of(reader, _ranked(reader, found, total, limit)[0])


@reading
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
