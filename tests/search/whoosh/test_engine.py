"""The search engine on its own: French analysis, queries, facets, locking."""
from datetime import datetime, timezone

import pytest

from app.search import whoosh_backend as search, whoosh_writer


def tokens(text, mode="index"):
    return [t.text for t in search.ANALYZER(text, mode=mode)]


@pytest.mark.parametrize("typed", ["infirmière", "infirmiere", "INFIRMIERES", "infirmier",
                                   "Infirmiers", "IDE"])
def test_nurse_in_every_form_meets(typed):
    assert set(tokens(typed, "query")) == set(tokens("infirmière"))


def test_care_assistant_forms_and_abbreviation_meet():
    wanted = set(tokens("aide-soignante"))
    assert set(tokens("aides-soignants", "query")) == wanted
    assert set(tokens("AS", "query")) == wanted
    assert set(tokens("ASH", "query")) == set(tokens("agent de service hospitalier"))
    for short in ("AES", "AMP", "AVS"):
        assert set(tokens(short, "query")) == set(tokens("accompagnant éducatif et social"))


def test_abbreviation_is_indexed_with_its_words():
    assert {"ide", *tokens("infirmier")} <= set(tokens("Poste d'IDE de nuit"))


DOCS = {
    1: {"title": "Infirmière de nuit", "body": "EHPAD Les Tilleuls, poste en CDI",
        "occupation": "J1506", "contract": "cdi", "commune": "Vire Normandie",
        "date": datetime(2026, 11, 1, tzinfo=timezone.utc)},
    2: {"title": "Aide-soignant(e) de jour", "body": "Remplacement d'un AS en CDD",
        "occupation": "J1501", "contract": "cdd", "commune": "Flers",
        "date": datetime(2026, 11, 5, tzinfo=timezone.utc)},
    3: {"title": "IDE coordinatrice", "body": "SSIAD du Pays de Vire",
        "occupation": "J1502,J1506", "contract": "cdi", "commune": "Vire Normandie",
        "date": datetime(2026, 10, 20, tzinfo=timezone.utc)},
}


@pytest.fixture
def root(tmp_path):
    search.apply(tmp_path, "vacancy", DOCS)
    yield tmp_path
    search.forget_cached()


def test_words_find_their_documents(root):
    assert set(search.search(root, "vacancy", "infirmier").ids) == {1, 3}
    assert search.search(root, "vacancy", "aides soignantes").ids == [2]
    assert search.search(root, "vacancy", "AS").ids == [2]


def test_every_word_must_match(root):
    assert search.search(root, "vacancy", "infirmière nuit").ids == [1]
    assert search.search(root, "vacancy", "infirmière remplacement").ids == []


def test_filters_and_facets(root):
    results = search.search(root, "vacancy", "", filters={"contract": ["cdi"]},
                            facets=("occupation", "commune"))
    assert results.ids == [1, 3]  # no words: newest first
    assert results.facets["occupation"] == {"J1506": 2, "J1502": 1}
    assert results.facets["commune"] == {"Vire Normandie": 2}


def test_totals_count_every_match(tmp_path):
    many = {n: {"title": "Infirmier" if n % 7 else "Infirmier infirmier",
                "body": "infirmier de nuit" if n % 3 else "cuisine"} for n in range(1, 400)}
    search.apply(tmp_path, "vacancy", many)
    try:
        assert search.search(tmp_path, "vacancy", "infirmier").total == 399
        assert search.search(tmp_path, "vacancy", "infirmier nuit").total == 266
    finally:
        search.forget_cached()


def test_equal_scores_put_the_newest_first(tmp_path):
    older = {"title": "Infirmier", "date": datetime(2026, 1, 1, tzinfo=timezone.utc)}
    newer = {**older, "date": datetime(2026, 6, 1, tzinfo=timezone.utc)}
    search.apply(tmp_path, "vacancy", {1: older, 2: newer, 3: {**older, "title": "Cuisinier"}})
    try:
        assert search.search(tmp_path, "vacancy", "infirmier").ids == [2, 1]
    finally:
        search.forget_cached()


def test_pages(root):
    first = search.search(root, "vacancy", "", per_page=2, page=1)
    second = search.search(root, "vacancy", "", per_page=2, page=2)
    assert first.total == 3 and first.ids == [2, 1] and second.ids == [3]


def test_stop_words_alone_count_as_no_words(root):
    results = search.search(root, "vacancy", "le la de")
    assert results.ids == [2, 1, 3] and results.terms == []  # no words: newest first
    assert search.ranked_ids(root, "vacancy", "le la de") is None
    assert search.ranked_ids(root, "vacancy", "la nuit") == [1]


def test_facet_counts_are_over_every_match_not_the_page(root):
    results = search.search(root, "vacancy", "", per_page=1, facets=("contract", "occupation"))
    assert results.total == 3 and len(results.ids) == 1
    assert results.facets["contract"] == {"cdi": 2, "cdd": 1}
    assert results.facets["occupation"] == {"J1506": 2, "J1501": 1, "J1502": 1}
    narrowed = search.search(root, "vacancy", "infirmier", filters={"contract": ["cdi"]},
                             facets=("commune",))
    assert narrowed.facets["commune"] == {"Vire Normandie": 2}  # values with no match left out


def test_facets_and_dates_follow_each_save(root):
    assert search.search(root, "vacancy", "", facets=("contract",)).facets["contract"] == \
        {"cdi": 2, "cdd": 1}
    later = datetime(2026, 12, 1, tzinfo=timezone.utc)
    search.apply(root, "vacancy", {2: {**DOCS[2], "contract": "cdi"}, 3: {**DOCS[3], "date": later}})
    results = search.search(root, "vacancy", "", facets=("contract",))
    assert results.facets["contract"] == {"cdi": 3}
    assert results.ids == [3, 2, 1]


def test_deleted_documents_leave_counts_and_facets(root):
    search.apply(root, "vacancy", {3: None})
    results = search.search(root, "vacancy", "infirmier", facets=("occupation",))
    assert (results.ids, results.total) == ([1], 1)
    assert results.facets["occupation"] == {"J1506": 1}


def test_spelling_suggestion(root):
    results = search.search(root, "vacancy", "infirmiere noit")
    assert results.ids == [] and results.suggestion == "infirmiere nuit"


def test_no_suggestion_from_a_deleted_document(root):
    search.apply(root, "vacancy", {4: {"title": "Ergothérapeute"}})
    assert search.search(root, "vacancy", "ergoterapeute").suggestion == "ergotherapeute"
    search.apply(root, "vacancy", {4: None})  # its spelling word stays in its segment
    assert search.search(root, "vacancy", "ergoterapeute").suggestion is None


def test_a_suggestion_skips_the_words_of_deleted_documents(root):
    search.apply(root, "vacancy", {4: {"title": "Podologie"}, 5: {"title": "Podologue"}})
    assert search.search(root, "vacancy", "podologux").suggestion == "podologie"  # whoosh's first
    search.apply(root, "vacancy", {4: None})
    assert search.search(root, "vacancy", "podologux").suggestion == "podologue"


def midnight(day):
    return datetime.combine(day, datetime.min.time())


def test_a_document_past_its_until_date_is_out_of_every_answer(tmp_path, monkeypatch):
    from datetime import timedelta
    from app import timeutil
    today = timeutil.local_today()
    search.apply(tmp_path, "vacancy", {1: {**DOCS[1], "until": midnight(today)},
                                       2: {**DOCS[2], "until": midnight(today - timedelta(1))},
                                       3: DOCS[3]})  # no date: never out
    try:
        results = search.search(tmp_path, "vacancy", "", facets=("commune",))
        assert (results.ids, results.total) == ([1, 3], 2)
        assert results.facets["commune"] == {"Vire Normandie": 2}
        assert search.search(tmp_path, "vacancy", "soignant").total == 0
        assert search.search(tmp_path, "vacancy", "soignamt").suggestion is None
        assert search.ranked_ids(tmp_path, "vacancy", "remplacement") == []
        assert 2 not in search.similar_ids(tmp_path, "vacancy", "aide soignant de jour")
        assert search.matching_ids(tmp_path, "vacancy", "", {}, [1, 2, 3]) == {1, 3}
        tomorrow = timeutil.utcnow() + timedelta(days=1)
        monkeypatch.setattr(timeutil, "utcnow", lambda: tomorrow)
        assert search.search(tmp_path, "vacancy", "").ids == [3]  # the same searcher
    finally:
        search.forget_cached()


def test_an_index_without_the_until_field_takes_it_on_the_next_save(tmp_path):
    from datetime import timedelta
    from whoosh import index
    old = search.schema()
    old.remove("until")
    (tmp_path / "vacancy").mkdir()
    index.create_in(tmp_path / "vacancy", old)
    search.apply(tmp_path, "vacancy", DOCS)
    past = midnight(datetime.now().date() - timedelta(days=3))
    try:
        assert search.search(tmp_path, "vacancy", "").total == 3  # old segments: no date
        search.apply(tmp_path, "vacancy", {1: {**DOCS[1], "until": past}})
        assert search.search(tmp_path, "vacancy", "").ids == [2, 3]
    finally:
        search.forget_cached()


def test_update_and_delete(root):
    search.apply(root, "vacancy", {1: None, 2: {**DOCS[2], "title": "Cuisinier"}})
    assert search.search(root, "vacancy", "infirmière").ids == [3]
    assert search.search(root, "vacancy", "cuisinière").ids == [2]


def test_a_save_that_changes_nothing_indexed_writes_nothing(root):
    generation = search.open_index(root, "vacancy").latest_generation()
    search.apply(root, "vacancy", {1: DOCS[1], 99: None})  # same text; never indexed
    assert search.open_index(root, "vacancy").latest_generation() == generation
    search.apply(root, "vacancy", {1: {**DOCS[1], "title": "Infirmier de jour"}})
    assert search.open_index(root, "vacancy").latest_generation() == generation + 1


def files(folder):
    return sorted(path.name for path in folder.iterdir())


def test_a_cancelled_write_leaves_no_file_behind(root):
    before = files(root / "vacancy")
    for _ in range(3):
        search.apply(root, "vacancy", {1: DOCS[1], 99: None})  # nothing indexed changes
    def failing():
        raise RuntimeError("database gone")
    with pytest.raises(RuntimeError):
        search.apply_fresh(root, "vacancy", failing)
    assert files(root / "vacancy") == before


def test_a_cancelled_rebuild_leaves_no_file_behind(root):
    before = files(root / "vacancy")

    def failing():
        yield from DOCS.items()
        raise RuntimeError("database gone")
    for processes in (1, 2):
        with pytest.raises(RuntimeError):
            search.rebuild(root, "vacancy", failing(), processes)
    assert files(root / "vacancy") == before
    assert len(search.stored_digests(root, "vacancy")) == 3


def test_fresh_documents_are_read_while_the_write_lock_is_held(root):
    def read():
        with pytest.raises(search.IndexBusy):  # nobody else can write meanwhile
            search.apply(root, "vacancy", {9: DOCS[1]}, timeout=0)
        return {9: DOCS[2]}
    search.apply_fresh(root, "vacancy", read)
    assert set(search.search(root, "vacancy", "soignant").ids) == {2, 9}


def test_a_cached_searcher_sees_deletions_and_updates_once(root):
    assert set(search.search(root, "vacancy", "infirmière").ids) == {1, 3}
    search.apply(root, "vacancy", {1: None})
    assert search.search(root, "vacancy", "infirmière").ids == [3]
    search.apply(root, "vacancy", {3: {**DOCS[3], "title": "IDE de jour"}})
    assert search.search(root, "vacancy", "infirmière").ids == [3]


def test_saves_keep_the_segments_few(root, monkeypatch):
    monkeypatch.setattr(whoosh_writer, "MAX_SEGMENTS", 4)
    for n in range(12):
        search.apply(root, "vacancy", {10 + n: DOCS[1]})
    reader = search.searcher(root, "vacancy").reader()
    assert len(reader.leaf_readers()) <= 4
    assert reader.doc_count() == 15


@pytest.mark.parametrize("hostile", ['"infirmière', "*", "OR", "((", ")", "AND NOT",
                                     "x" * 10_000, "\x00\x1f\x7f", "ide" * 5000,
                                     "title:foo", "infirm*", "~2", "é" * 300, ""])
def test_hostile_queries_never_fail(root, hostile):
    results = search.search(root, "vacancy", hostile)
    assert isinstance(results.ids, list)


def test_highlights_mark_the_words(root):
    extract = search.highlights("Nous recherchons une infirmière de nuit en CDI.",
                                search.search(root, "vacancy", "infirmier").terms)
    assert "<mark" in extract and "infirmière</mark>" in extract


def test_highlights_escape_html(root):
    extract = search.highlights("<script>x</script> infirmière", ["infirmi"])
    assert "<script>" not in extract


def test_a_second_writer_waits_then_gives_up(root, monkeypatch):
    monkeypatch.setattr(whoosh_writer, "WRITE_TIMEOUT", 0.2)
    held = search.open_index(root, "vacancy").writer()
    try:
        with pytest.raises(search.IndexBusy):
            search.apply(root, "vacancy", {9: DOCS[1]})
    finally:
        held.cancel()
    search.apply(root, "vacancy", {9: DOCS[1]})
    assert 9 in search.search(root, "vacancy", "infirmière").ids


@pytest.mark.parametrize("processes", [1, 2])
def test_an_index_of_an_earlier_schema_works_until_rebuilt(tmp_path, processes):
    """An upgrade keeps the old index usable; `search rebuild` moves it to the new schema."""
    from whoosh import fields, index
    old = search.schema()
    old.remove("body")
    old.add("body", fields.TEXT(analyzer=search.ANALYZER, spelling=True))  # with positions
    (tmp_path / "vacancy").mkdir()
    index.create_in(tmp_path / "vacancy", old)
    try:
        search.apply(tmp_path, "vacancy", DOCS)
        assert set(search.search(tmp_path, "vacancy", "infirmier").ids) == {1, 3}
        search.rebuild(tmp_path, "vacancy", DOCS.items(), processes)
        rebuilt = index.open_dir(tmp_path / "vacancy")
        body = rebuilt.schema["body"]
        assert body.format.__class__.__name__ == "Frequency" and not body.spelling
        with rebuilt.reader() as reader:  # every segment written with the new schema
            assert set(reader.indexed_field_names()) <= set(rebuilt.schema.names())
        assert set(search.search(tmp_path, "vacancy", "infirmier").ids) == {1, 3}
    finally:
        search.forget_cached()
