"""search.py counts and scores posting blocks itself: it must answer as whoosh would.

whoosh's own search (TF-IDF, every match, ties by document number) is the
oracle, over an index of several segments with deleted and updated documents.
"""
import random
from datetime import datetime, timedelta, timezone

import pytest
from whoosh.query import And, Or, Term

from app.search import analysis, whoosh_backend as search, whoosh_postings

WORDS = ["infirmière", "aide-soignante", "nuit", "jour", "domicile", "EHPAD", "IDE", "AS",
         "cuisine", "plaies", "palliatifs", "bientraitance", "Flers", "Vire", "week-end"]
CONTRACTS = ["cdi", "cdd", "vacation"]


def document(rng, n):
    return {"title": " ".join(rng.choices(WORDS, k=rng.randint(1, 3))),
            "body": " ".join(rng.choices(WORDS, k=rng.randint(0, 12))),
            "contract": rng.choice(CONTRACTS), "occupation": rng.choice(["J1501", "J1506"]),
            "commune": rng.choice(["Flers", "Vire Normandie"]),
            "date": datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(hours=n * 7 % 1000)}


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root, rng = tmp_path_factory.mktemp("scoring"), random.Random(6)
    for batch in range(10):  # ten saves: several segments, some merged
        search.apply(root, "vacancy", {n: document(rng, n)
                                       for n in range(batch * 120 + 1, batch * 120 + 121)})
    search.apply(root, "vacancy", {n: None for n in range(5, 1200, 9)})  # deletions
    search.apply(root, "vacancy", {n: document(rng, n) for n in range(7, 1200, 23)})  # updates
    yield root
    search.forget_cached()


def word_query(word):
    return And([Or([Term("title", token), Term("body", token)]) for token in analysis.tokens(word)])


def whoosh_order(root, text, filters=None, query=None):
    """Ids in whoosh's own order for the same query (all the words by default)."""
    reader = search.searcher(root, "vacancy")
    query = query or And([word_query(word) for word in search.query_words(text)])
    only = And([Or([Term(name, value) for value in values])
                for name, values in (filters or {}).items()]) if filters else None
    hits = reader.search(query, limit=None, filter=only)
    # Scores equal to nine decimals tie, the newest first, then by document
    # number (whoosh_engine._ranked).
    ordered = sorted(hits, key=lambda hit: (-round(hit.score, 9), -hit["date"].timestamp(),
                                            hit.docnum))
    return [int(hit["id"]) for hit in ordered]


QUERIES = ["infirmier", "infirmieres nuit", "IDE domicile", "AS", "plaies palliatifs jour",
           "EHPAD", "bientraitance Flers week-end", "cuisine"]


def test_the_index_has_several_segments_and_deletions(root):
    reader = search.searcher(root, "vacancy").reader()
    leaves = reader.leaf_readers()
    assert len(leaves) > 1 and any(leaf.has_deletions() for leaf, _base in leaves)


@pytest.mark.parametrize("text", QUERIES)
def test_relevance_order_and_total_are_whooshs(root, text):
    expected = whoosh_order(root, text)
    results = search.search(root, "vacancy", text, per_page=len(expected) + 1)
    assert len(expected) > 5
    assert results.total == len(expected)
    assert results.ids == expected


@pytest.mark.parametrize("text", QUERIES[:4])
def test_filtered_order_is_whooshs(root, text):
    filters = {"contract": ["cdi", "vacation"], "commune": ["Flers"]}
    expected = whoosh_order(root, text, filters)
    results = search.search(root, "vacancy", text, filters=filters, per_page=1000)
    assert expected and results.ids == expected


def test_pages_are_slices_of_one_order(root):
    whole = search.search(root, "vacancy", "infirmier", per_page=1000).ids
    pages = [search.search(root, "vacancy", "infirmier", page=n, per_page=7).ids
             for n in (1, 2, 3)]
    assert sum(pages, []) == whole[:21]


def test_date_order_is_newest_first_over_every_match(root):
    reader = search.searcher(root, "vacancy")
    results = search.search(root, "vacancy", "nuit", sort="date", per_page=1000)
    assert results.ids and set(results.ids) == set(whoosh_order(root, "nuit"))
    stamps = [whoosh_postings.view(reader).dates[reader.document_number(id=str(object_id))]
              for object_id in results.ids]
    assert stamps == sorted(stamps, reverse=True) and len(set(stamps)) > 10


def test_facets_count_every_match(root):
    results = search.search(root, "vacancy", "domicile", per_page=5, facets=("contract",))
    expected = {value: len(whoosh_order(root, "domicile", {"contract": [value]}))
                for value in CONTRACTS}
    assert results.facets["contract"] == expected
    assert sum(expected.values()) == results.total > 20


def test_ranked_ids_are_the_relevance_order(root):
    assert search.ranked_ids(root, "vacancy", "infirmier nuit", limit=15) == \
        whoosh_order(root, "infirmier nuit")[:15]


def test_similar_ids_rank_as_whooshs_any_word_query(root):
    text = "Infirmière de nuit à domicile : plaies, soins palliatifs, EHPAD"
    words = ("infirmière", "nuit", "domicile", "plaies", "soins", "palliatifs", "ehpad")
    expected = whoosh_order(root, "", query=Or([word_query(word) for word in words]))
    assert len(expected) > 100
    assert search.similar_ids(root, "vacancy", text, limit=100) == expected[:100]
