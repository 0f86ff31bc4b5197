"""/healthz tells the truth, quickly (issue 20.8).

It answered "ok" with a full disk, failing index writes and a write-locked
SQLite, and hung 37 s with PostgreSQL frozen (SIGSTOP). Each broken part now
answers 503 and names itself; a frozen database answers "timeout" in seconds.
"""
import os
import sqlite3
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import make_url

from app.extensions import db
from app.indexing import SearchPending
from app.timeutil import utcnow
from tests.conftest import make_app
from tests.holds.postgres import OwnPostgres

THAW_AFTER = 20  # seconds: a frozen server never outlives a failing test for long


def _checks(client):
    response = client.get("/healthz")
    return response.status_code, response.get_json()["checks"]


def test_every_part_ok(client):
    status, checks = _checks(client)
    assert status == 200 and set(checks.values()) == {"ok"}
    assert {"database", "database_writable", "uploads", "disk_instance", "disk_uploads",
            "disk_index", "search", "index_backlog"} <= set(checks)


def test_a_disk_without_room_answers_503(app, client):
    app.config["HEALTH_MIN_FREE_BYTES"] = 1 << 62  # more than any disk holds
    status, checks = _checks(client)
    assert status == 503
    for name in ("disk_instance", "disk_uploads", "disk_index"):
        assert checks[name].startswith("full")


def test_index_changes_left_pending_answer_503(app, client):
    db.session.add(SearchPending(kind="vacancy", object_id=1,
                                 queued_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    status, checks = _checks(client)
    assert status == 503 and checks["index_backlog"].startswith("behind")


@pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="SQLite's write lock")
def test_a_write_locked_sqlite_answers_503(app, client):
    holder = sqlite3.connect(make_url(app.config["DATABASE_URL"]).database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        status, checks = _checks(client)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert status == 503 and checks["database_writable"] == "locked"
    assert checks["database"] == "ok"  # reads still work under WAL


@pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")),
                    reason="starts its own PostgreSQL server: run once, in the SQLite pass")
def test_a_frozen_postgresql_answers_503_in_seconds(tmp_path):
    server = OwnPostgres()
    try:
        app = make_app(server.start(), tmp_path)
        client = app.test_client()
        assert client.get("/healthz").status_code == 200
        server.freeze()
        thaw = threading.Timer(THAW_AFTER, server.thaw)
        thaw.start()
        try:
            status, checks = _checks(client)
        finally:
            thaw.cancel()
            server.thaw()
        assert status == 503 and checks["database"] == "timeout", checks
        assert _healthy_again(client)
    finally:
        server.remove()


def _healthy_again(client, attempts=50):
    """Once thawed, the stuck check returns and /healthz answers 200 again."""
    for _ in range(attempts):  # bounded readiness poll
        if client.get("/healthz").status_code == 200:
            return True
        time.sleep(0.2)
    return False
