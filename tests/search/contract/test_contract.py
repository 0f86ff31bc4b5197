"""What every backend answers alike, through the interface (app/search/__init__.py)."""
import shutil
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import delete, func, select, text

from app import indexing, search
from app.extensions import db
from app.indexing import SearchPending
from app.pool.models import Vacancy
from app.timeutil import utcnow
from tests import factories
from tests.search.conftest import indexed

HOSTILE = ["'; DROP TABLE vacancy; --", "a & b | !c", "infirmier:*", "(((", "<script>x</script>",
           "\x00\x01", "é" * 5000, "ide " * 500, "'''", "\\", "%_%", "nuit <-> jour", "OR or ||"]


def test_relevance_puts_title_words_first_and_date_order_the_newest(establishment_a):
    in_body = factories.vacancy(establishment_a, status="published", title="Poste de nuit",
                                description="Nous cherchons un infirmier.")
    in_title = factories.vacancy(establishment_a, status="published", title="Infirmier de nuit",
                                 description="Poste en EHPAD.",
                                 published_at=utcnow() - timedelta(days=3))
    assert search.search("vacancy", "infirmier").ids == [in_title.id, in_body.id]
    assert search.search("vacancy", "infirmier", sort="date").ids == [in_body.id, in_title.id]
    assert search.ranked_ids("vacancy", "infirmier") == [in_title.id, in_body.id]


def test_totals_and_facets_count_every_match(establishment_a):
    for n in range(25):
        factories.vacancy(establishment_a, status="published", title=f"Agent de soins {n}",
                          commune="Flers" if n < 15 else "Vire Normandie",
                          contract_type="cdi" if n % 5 == 0 else "cdd")
    factories.vacancy(establishment_a, status="published", title="Cuisinier", commune="Flers")
    results = search.search("vacancy", "agents", per_page=5, facets=("commune", "contract"))
    assert len(results.ids) == 5 and results.total == 25
    assert results.facets["commune"] == {"Flers": 15, "Vire Normandie": 10}
    assert results.facets["contract"] == {"cdi": 5, "cdd": 20}
    narrowed = search.search("vacancy", "agent", filters={"commune": ["Flers"],
                                                          "contract": ["cdi"]},
                             facets=("commune",))
    assert narrowed.total == 3 and narrowed.facets["commune"] == {"Flers": 3}
    everything = search.search("vacancy", "", facets=("commune",))
    assert everything.total == 26 and everything.facets["commune"]["Flers"] == 16


def test_feminine_masculine_plural_and_accents_meet(establishment_a):
    nurse = factories.vacancy(establishment_a, status="published", title="Infirmière coordinatrice")
    carer = factories.vacancy(establishment_a, status="published", title="Aides-soignantes de nuit")
    for typed in ("infirmier", "INFIRMIERES", "infirmière", "IDE", "coordinateur"):
        assert search.search("vacancy", typed).ids == [nurse.id], typed
    for typed in ("aide-soignant", "aides soignants", "AS", "soignante"):
        assert search.search("vacancy", typed).ids[0] == carer.id, typed  # its title


def test_suggestion_only_words_still_found(establishment_a):
    kept = factories.vacancy(establishment_a, status="published", title="Ergothérapeute")
    assert search.search("vacancy", "ergoterapeute").suggestion == "ergotherapeute"
    kept.status = "withdrawn"
    db.session.commit()
    assert search.search("vacancy", "ergoterapeute").suggestion is None


def test_similar_and_matching_ids(establishment_a):
    night = factories.vacancy(establishment_a, status="published", title="Infirmier de nuit")
    day = factories.vacancy(establishment_a, status="published", title="Cuisinier de jour",
                            occupation="G1602")
    assert search.similar_ids("vacancy", "infirmier nuit EHPAD")[0] == night.id
    assert search.similar_ids("vacancy", "le la de") == []
    assert search.matching_ids("vacancy", "cuisinier", {}, [night.id, day.id]) == {day.id}


def test_extracts_mark_the_words_and_escape_the_text():
    extract = search.highlights("<script>x</script> Une infirmière de nuit",
                                search.search("vacancy", "IDE").terms)
    assert "<mark" in extract and "infirmière</mark>" in extract and "<script>" not in extract


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_queries_answer(client, establishment_a, hostile):
    factories.vacancy(establishment_a, status="published", title="Infirmier de nuit")
    results = search.search("vacancy", hostile, facets=("commune",))
    assert isinstance(results.ids, list) and results.total >= 0
    assert search.similar_ids("vacancy", hostile) is not None
    for path in ("/search", "/pool/"):
        assert client.get(path, query_string={"q": hostile}).status_code == 200


def _wipe(backend):
    """Lose the whole index, as a disk or a table emptied by hand would."""
    if backend == "whoosh":
        shutil.rmtree(current_app.config["SEARCH_INDEX"])
        search.forget_cached()
    else:
        db.session.execute(text("DELETE FROM search_document"))
        db.session.commit()


@pytest.fixture
def mixed(establishment_a):
    factories.vacancy(establishment_a, status="published")
    factories.vacancy(establishment_a, status="draft")
    factories.cv_profile()
    factories.cv_profile(in_bank=False)
    factories.training_session()


def test_rebuild_equals_the_database(mixed, runner, backend):
    _wipe(backend)
    assert runner.invoke(args=["search", "check"]).exit_code == 1
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["search", "check"]).exit_code == 0
    for kind in search.KINDS.values():
        assert indexed(kind.name) == set(indexing.expected(kind)) != set()


def test_check_fails_on_a_tampered_index(mixed, runner):
    assert runner.invoke(args=["search", "check"]).exit_code == 0
    vacancy_id = next(iter(indexed("vacancy")))
    search.apply_fresh("vacancy", lambda: {vacancy_id: {"title": "Falsifié"},
                                          999_999: {"title": "x"}})
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 1
    assert "999999" in result.output and str(vacancy_id) in result.output


def test_postgresql_check_sees_a_vector_altered_by_hand(mixed, runner, backend):
    if backend != "postgresql":
        pytest.skip("a PostgreSQL row")
    db.session.execute(text("UPDATE search_document SET vector = to_tsvector('simple', 'x') "
                            "WHERE kind = 'vacancy'"))
    db.session.commit()
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 1 and "altered" in result.output


def test_postgresql_writes_the_document_with_the_change(establishment_a, backend):
    if backend != "postgresql":
        pytest.skip("the whoosh backend writes after the commit")
    vacancy = factories.vacancy(establishment_a, status="published", title="Infirmier")
    assert db.session.scalar(select(func.count()).select_from(SearchPending)) == 0
    assert search.search("vacancy", "infirmier").ids == [vacancy.id]
    vacancy.title = "Cuisinier"
    db.session.flush()
    db.session.rollback()
    assert search.search("vacancy", "cuisinier").ids == []
    db.session.execute(delete(Vacancy).where(Vacancy.id == vacancy.id))  # behind the ORM's back
    db.session.commit()
    assert indexed("vacancy") == {vacancy.id}  # stale, and never shown: test_pages
