"""Every database wait ends before gunicorn kills the worker (issue 20.10).

SQLite's busy timeout once equalled gunicorn's worker timeout (30 s): a write
stuck behind a long lock had its worker killed and the user got a bare 500.
Now a write that cannot get its lock in time gets the French 503 page
("Réessayez"), on SQLite and PostgreSQL, and the settings that make a
confirmed submission durable are in force on every connection.
"""
import os
import runpy
import sqlite3
import subprocess  # nosec B404
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from app import database
from app.extensions import db
from scripts.gtec_client import Browser, Server
from tests import factories
from tests.holds.test_crash import _environment, flask

ROOT = Path(__file__).parents[2]
RELEASE_AFTER = 45  # seconds: a lock holder never outlives a failing test for long
sqlite_only = pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")),
                                 reason="drives gunicorn on its own SQLite file")


def test_every_wait_is_shorter_than_the_worker_timeout():
    worker_timeout = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))["timeout"]
    waits_ms = (database.BUSY_TIMEOUT_MS, database.POSTGRES_LOCK_TIMEOUT_MS,
                database.POSTGRES_STATEMENT_TIMEOUT_MS)
    assert max(waits_ms) / 1000 + 5 <= worker_timeout  # time left to answer the page


def test_settings_in_force_on_each_connection(app):
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == \
            database.BUSY_TIMEOUT_MS
    else:
        show = {name: connection.exec_driver_sql(f"SHOW {name}").scalar()  # nosec B608
                for name in ("lock_timeout", "statement_timeout", "synchronous_commit")}
        assert show == {"lock_timeout": "10s", "statement_timeout": "20s",
                        "synchronous_commit": "on"}


class LockHolder:
    """Another connection holding the candidate's profile (SQLite: the write lock)."""

    def __init__(self, url, user_id):
        self.engine = create_engine(url) if not url.startswith("sqlite") else None
        self.url, self.user_id, self.timer = url, user_id, None

    def __enter__(self):
        if self.engine is None:
            self.connection = sqlite3.connect(make_url(self.url).database, isolation_level=None)
            self.connection.execute("BEGIN IMMEDIATE")
        else:
            self.connection = self.engine.connect()
            self.connection.execute(text("SELECT id FROM candidate_profile WHERE user_id = :id "
                                         "FOR UPDATE"), {"id": self.user_id})
        self.timer = threading.Timer(RELEASE_AFTER, self.release)
        self.timer.start()
        return self

    def release(self):
        self.connection.rollback()

    def __exit__(self, *exc):
        self.timer.cancel()
        self.release()
        self.connection.close()
        if self.engine is not None:
            self.engine.dispose()


def test_a_write_that_cannot_get_its_lock_gets_the_french_503(app, client, auth, database_url):
    profile = factories.cv_profile()
    auth.login(profile.user)
    with LockHolder(database_url, profile.user_id):
        response = client.post("/cv/me/withdraw")
    assert response.status_code == 503
    assert "Service momentanément indisponible" in response.text and "Réessayez" in response.text
    assert client.post("/cv/me/withdraw").status_code == 302  # lock gone: the write goes through


HOLD_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()  # until the test closes it (or dies)
"""


@sqlite_only
def test_gunicorn_answers_503_before_killing_the_worker(tmp_path):
    env = _environment(tmp_path)
    assert flask(env, "init-db").returncode == 0
    server = Server(env).start()
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path / "gtec.sqlite")],  # nosec B603
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        status, body = Browser(server.base, timeout=60).submit("/auth/register", {
            "first_name": "Julie", "last_name": "Verrou", "email": "verrou@example.org",
            "password": factories.PASSWORD, "confirm": factories.PASSWORD, "consent": "y"})
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
        server.stop()
    assert status == 503, body[:300]
    assert "Réessayez" in body
