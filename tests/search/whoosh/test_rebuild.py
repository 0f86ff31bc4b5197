"""search.rebuild with sub-processes: the same index as one process, or none at all."""
import multiprocessing
import random

import pytest

from app.search import whoosh_backend as search
from tests.search.whoosh.test_scoring import QUERIES, document


@pytest.fixture
def documents():
    rng = random.Random(8)
    return {n: document(rng, n) for n in range(1, 701)}


def answers(root):
    """Per query: the hits (their order among equal scores follows the
    document numbers, which differ) and the facets."""
    found = [search.search(root, "vacancy", text, per_page=1000, facets=("contract",))
             for text in QUERIES]
    return [(sorted(results.ids), results.facets) for results in found]


def test_two_processes_build_what_one_builds(tmp_path, documents):
    one, two = tmp_path / "one", tmp_path / "two"
    try:
        search.rebuild(one, "vacancy", documents.items())
        search.rebuild(two, "vacancy", documents.items(), processes=2)
        segments = search.searcher(two, "vacancy").reader().leaf_readers()
        assert len(segments) == 2  # a segment per sub-process
        assert search.stored_digests(two, "vacancy") == search.stored_digests(one, "vacancy")
        assert answers(two) == answers(one)
    finally:
        search.forget_cached()


def test_a_failed_sub_process_leaves_the_index_as_it_was(tmp_path, documents):
    search.rebuild(tmp_path, "vacancy", list(documents.items())[:50])
    broken = [(n, {**doc, "no_such_field": "x"}) for n, doc in documents.items()]
    try:
        with pytest.raises(search.IndexBuildFailed):
            search.rebuild(tmp_path, "vacancy", broken, processes=2)
        assert multiprocessing.active_children() == []
        assert len(search.stored_digests(tmp_path, "vacancy")) == 50
        search.apply(tmp_path, "vacancy", {1000: documents[1]}, timeout=0)  # lock released
        assert len(search.stored_digests(tmp_path, "vacancy")) == 51
    finally:
        search.forget_cached()


def test_an_error_while_reading_stops_the_sub_processes(tmp_path, documents):
    def failing():
        yield from list(documents.items())[:300]
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        search.rebuild(tmp_path, "vacancy", failing(), processes=2)
    assert multiprocessing.active_children() == []
    assert search.stored_digests(tmp_path, "vacancy") == {}
    search.apply(tmp_path, "vacancy", {1: documents[1]}, timeout=0)  # lock released
