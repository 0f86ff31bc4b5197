"""The index follows the database: commit, rollback, update, delete, purge, erasure.

whoosh_only: its index lock and sub-processes, its folder removed or written to
(test_contract.py does the same on every backend)."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import indexing
from app.cv.models import CandidateProfile
from app.extensions import db
from app.indexing import SearchPending
from app.timeutil import local_today
from tests import factories
from tests.search.conftest import indexed

pytestmark = pytest.mark.usefixtures("app")


def test_published_vacancy_found_after_commit(found):
    vacancy = factories.vacancy(status="published", title="Infirmière de nuit")
    assert found("vacancy", "infirmier") == [vacancy.id]
    assert db.session.scalar(select(func.count()).select_from(SearchPending)) == 0


def test_draft_is_not_indexed():
    factories.vacancy(status="draft")
    assert indexed("vacancy") == set()


def test_rollback_leaves_nothing(found, member_a):
    factories.vacancy(member_a.establishment, status="published", title="Cuisinier",
                      commit=False)
    db.session.flush()
    db.session.rollback()
    assert found("vacancy", "cuisinier") == []
    assert db.session.scalar(select(func.count()).select_from(SearchPending)) == 0


def test_update_reindexes_and_withdrawal_removes(found):
    vacancy = factories.vacancy(status="published", title="Cuisinier")
    vacancy.title = "Agent de service hospitalier"
    db.session.commit()
    assert found("vacancy", "cuisinier") == [] and found("vacancy", "ASH") == [vacancy.id]
    vacancy.status = "withdrawn"
    db.session.commit()
    assert indexed("vacancy") == set()


def test_delete_removes(found):
    vacancy = factories.vacancy(status="published")
    db.session.delete(vacancy)
    db.session.commit()
    assert indexed("vacancy") == set()


def test_establishment_rename_reaches_its_vacancies(found):
    establishment = factories.establishment(name="EHPAD Les Tilleuls")
    vacancy = factories.vacancy(establishment, status="published")
    establishment.name = "EHPAD Les Charmilles"
    db.session.commit()
    assert found("vacancy", "charmilles") == [vacancy.id] and found("vacancy", "tilleuls") == []


def test_co_employer_added_reaches_the_vacancy(found):
    vacancy = factories.vacancy(status="published")
    other = factories.establishment(name="SSIAD du Bocage", kind="ssiad")
    vacancy.employers[0].fte_share = 50
    from app.pool.models import VacancyEmployer
    db.session.add(VacancyEmployer(vacancy_id=vacancy.id, establishment_id=other.id,
                                   fte_share=50))
    db.session.commit()
    assert found("vacancy", "bocage") == [vacancy.id]


def test_cv_text_is_searched_and_hidden_profile_leaves(found):
    profile = factories.cv_profile(cv_text="Expérience en unité Alzheimer, PASA")
    assert found("cv", "alzheimer") == [profile.id]
    profile.visibility = "hidden"
    db.session.commit()
    assert indexed("cv") == set()


def test_account_erasure_removes_the_cv(client, auth):
    from tests.factories import PASSWORD
    profile = factories.cv_profile()
    profile_id, owner = profile.id, profile.user
    assert indexed("cv") == {profile_id}
    auth.login(owner)
    assert client.post("/cv/me/delete", data={"password": PASSWORD}).status_code == 302
    db.session.expire_all()
    assert db.session.get(CandidateProfile, profile_id) is None
    assert indexed("cv") == set()


def test_purge_removes_expired_cvs(runner):
    kept = factories.cv_profile()
    old = factories.cv_profile(retention_until=local_today() - timedelta(days=1))
    assert indexed("cv") == {kept.id, old.id}
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert indexed("cv") == {kept.id}


def test_training_session_indexed_until_rejected(found):
    session = factories.training_session(title="Simulateur de vieillissement")
    assert found("training", "vieillissement") == [session.id]
    session.status, session.rejection_reason = "rejected", "off_topic"
    db.session.commit()
    assert indexed("training") == set()


@pytest.mark.whoosh_only
def test_busy_index_leaves_changes_pending_then_sync(monkeypatch, runner, found):
    from app.search import whoosh_backend, whoosh_writer
    monkeypatch.setattr(whoosh_writer, "WRITE_TIMEOUT", 0.1)
    from flask import current_app
    held = whoosh_backend.open_index(current_app.config["SEARCH_INDEX"], "vacancy").writer()
    try:
        vacancy = factories.vacancy(status="published", title="Kinésithérapeute")
    finally:
        held.cancel()
    assert found("vacancy", "kinesitherapeute") == []
    assert db.session.scalar(select(func.count()).select_from(SearchPending)) > 0
    assert runner.invoke(args=["search", "sync"]).exit_code == 0
    assert found("vacancy", "kinesitherapeute") == [vacancy.id]


@pytest.mark.whoosh_only
def test_a_save_waits_briefly_for_a_held_index(runner, found):
    import time
    from flask import current_app
    from app import indexing
    from app.search import whoosh_backend, whoosh_writer
    held = whoosh_backend.open_index(current_app.config["SEARCH_INDEX"], "vacancy").writer()
    try:
        start = time.monotonic()
        vacancy = factories.vacancy(status="published", title="Ergothérapeute")
        waited = time.monotonic() - start
    finally:
        held.cancel()
    assert waited < indexing.AFTER_COMMIT_WAIT + 2 < whoosh_writer.WRITE_TIMEOUT
    assert found("vacancy", "ergotherapeute") == []
    assert runner.invoke(args=["search", "sync"]).exit_code == 0
    assert found("vacancy", "ergotherapeute") == [vacancy.id]


@pytest.fixture
def mixed():
    factories.vacancy(status="published")
    factories.vacancy(status="draft")
    factories.cv_profile()
    factories.cv_profile(in_bank=False)
    factories.training_session()


@pytest.mark.whoosh_only
def test_rebuild_equals_the_database(mixed, runner):
    from flask import current_app
    import shutil
    shutil.rmtree(current_app.config["SEARCH_INDEX"])
    from app import search
    search.forget_cached()
    assert runner.invoke(args=["search", "check"]).exit_code == 1
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["search", "check"]).exit_code == 0
    for kind in indexing.KINDS.values():
        assert indexed(kind.name) == set(indexing.expected(kind))


@pytest.mark.whoosh_only
def test_check_fails_on_a_tampered_index(mixed, runner):
    from flask import current_app
    from app.search import whoosh_backend
    root = current_app.config["SEARCH_INDEX"]
    assert runner.invoke(args=["search", "check"]).exit_code == 0
    vacancy_id = next(iter(indexed("vacancy")))
    whoosh_backend.apply(root, "vacancy", {vacancy_id: {"title": "Falsifié"}, 999_999: {"title": "x"}})
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 1
    assert "999999" in result.output and str(vacancy_id) in result.output


def test_seed_leaves_the_index_in_step(runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert indexed("vacancy") and indexed("training")
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 0, result.output


@pytest.mark.whoosh_only
def test_rebuild_says_when_the_index_is_busy(mixed, runner, monkeypatch):
    from flask import current_app
    from app.search import whoosh_backend, whoosh_writer
    monkeypatch.setattr(whoosh_writer, "WRITE_TIMEOUT", 0.2)
    held = whoosh_backend.open_index(current_app.config["SEARCH_INDEX"], "vacancy").writer()
    try:
        result = runner.invoke(args=["search", "rebuild", "--processes", "2"])
    finally:
        held.cancel()
    assert result.exit_code == 1
    assert "Index occupé par une autre écriture" in result.output


@pytest.mark.whoosh_only
def test_rebuild_says_a_failed_build_left_the_index_alone(mixed, runner, monkeypatch):
    from app import search
    real = search.rebuild

    def broken(kind, documents, processes):  # a field no schema knows: a sub-process fails
        return real(kind, ((i, {**d, "no_such_field": "x"}) for i, d in documents), processes)

    monkeypatch.setattr(search, "rebuild", broken)
    result = runner.invoke(args=["search", "rebuild", "--processes", "2"])
    assert result.exit_code == 1
    assert "l'index est resté tel qu'il était" in result.output
    assert runner.invoke(args=["search", "check"]).exit_code == 0


def test_a_savepoint_inside_the_unit_of_work_keeps_its_changes_for_the_commit(found):
    vacancy = factories.vacancy(status="published", title="Cuisinier", commit=False)
    db.session.flush()
    with db.session.begin_nested():  # released: not yet the commit
        factories.establishment(name="EHPAD Sans offre", commit=False)
    nested = db.session.begin_nested()
    factories.establishment(name="EHPAD Annulé", commit=False)
    nested.rollback()
    db.session.commit()
    assert found("vacancy", "cuisinier") == [vacancy.id]
