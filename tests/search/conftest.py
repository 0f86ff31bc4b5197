"""Helpers of the search tests: what the index holds, straight from the backend."""
import pytest

from app import search


def indexed(kind):
    """The ids the index of `kind` holds now."""
    return set(search.stored_digests(kind))


@pytest.fixture
def found(app):
    """found(kind, text) → ids the engine answers, straight from the index."""
    def run(kind, text=""):
        return search.search(kind, text, per_page=100).ids
    return run
