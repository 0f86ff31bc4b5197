"""search.similar_ids: the documents sharing the most words with a whole text."""
import pytest

from app.search import whoosh_backend as search

DOCS = {
    1: {"title": "Infirmière de nuit", "body": "Plaies chroniques et cicatrisation en EHPAD"},
    2: {"title": "Infirmier(ère)", "body": "Soins à domicile"},
    3: {"title": "Cuisinier(ère)", "body": "Cuisine traditionnelle"},
}


@pytest.fixture
def root(tmp_path):
    search.apply(tmp_path, "cv", DOCS)
    yield tmp_path
    search.forget_cached()


def test_any_word_matches_and_more_shared_words_rank_first(root):
    text = "Infirmier(ère) coordinateur\nSuivi des plaies chroniques, cicatrisation."
    assert search.similar_ids(root, "cv", text) == [1, 2]


def test_gender_endings_alone_match_nothing(root):
    assert search.similar_ids(root, "cv", "Psychomotricien(ère), Ergothérapeute(ère)") == []


@pytest.mark.parametrize("text", ["", None, "   ", "« » ( ) * OR AND \"", "\x00\x1f",
                                  "de la le et en " * 500, "plaies " * 5000])
def test_any_text_answers_a_list(root, text):
    assert isinstance(search.similar_ids(root, "cv", text), list)


def test_limit(root):
    assert search.similar_ids(root, "cv", "infirmier cuisine", limit=1) in ([1], [2], [3])
