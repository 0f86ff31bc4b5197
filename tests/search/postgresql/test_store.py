"""The PostgreSQL backend's own writes (skipped on SQLite)."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.search import postgresql_store as store
from tests.queries import count_queries

pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture(autouse=True)
def postgresql_only(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the PostgreSQL backend's table")


def _documents(count):
    when = datetime(2026, 11, 2, tzinfo=timezone.utc)
    return [(number, {"title": f"Infirmière {number}", "body": "Nuit au Bocage",
                      "commune": "Vire", "date": when, "until": None})
            for number in range(1, count + 1)]


def test_a_rebuild_inserts_its_documents_by_batches():
    with count_queries() as statements, db.engine.begin() as connection:
        store.replace_all(connection, "vacancy", _documents(1_200), batch=500)
    inserts = [s for s in statements if s.startswith("INSERT INTO search_document")]
    assert len(inserts) == 3  # 500 + 500 + 200, not one statement per document
    with db.engine.connect() as connection:
        assert len(store.stored_digests(connection, "vacancy")) == 1_200
        assert connection.scalar(select(func.count()).select_from(store.DOCUMENTS).where(
            store.DOCUMENTS.c.vector.op("@@")(func.to_tsquery(store.REGCONFIG, "infirmier")))) \
            == 1_200


def test_a_batch_rewrites_only_the_documents_that_changed():
    documents = dict(_documents(3))
    with db.engine.begin() as connection:
        store.write(connection, "vacancy", documents)
    documents[2] = {**documents[2], "title": "Aide-soignante"}
    with count_queries() as statements, db.engine.begin() as connection:
        store.write(connection, "vacancy", {**documents, 3: None})
    inserts = [s for s in statements if s.startswith("INSERT INTO search_document")]
    assert len(inserts) == 1
    with db.engine.connect() as connection:
        held = store.stored_digests(connection, "vacancy")
        assert sorted(held) == [1, 2]
        assert connection.scalar(select(store.DOCUMENTS.c.document["title"].as_string()).where(
            store.DOCUMENTS.c.object_id == 2)) == "Aide-soignante"
