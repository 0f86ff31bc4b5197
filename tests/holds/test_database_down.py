"""The database server stops under a running site: every user gets the French page.

gunicorn (production settings) serves a PostgreSQL server of the test's own;
a candidate logs in, then the server is stopped. Before the fix, the error
page read the logged-in user again, failed inside the error handler, and
gunicorn answered its bare English "Internal Server Error".
"""
import os

import pytest

from scripts.gtec_client import Browser, Server
from tests import factories
from tests.conftest import make_app
from tests.holds.postgres import OwnPostgres

pytestmark = pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")),
                                reason="starts its own PostgreSQL server: run once, in the SQLite pass")


@pytest.fixture
def own_postgres():
    server = OwnPostgres()
    server.start()
    yield server
    server.remove()


def _candidate(url, root):
    from app.extensions import db
    app = make_app(url, root)
    with app.app_context():
        email = factories.user("candidate", first_name="Julie").email
        db.engine.dispose()
    return email


def _assert_french_unavailable(browser, path):
    status, body = browser.get(path)
    assert status == 503, (path, status, body[:300])
    assert "Service momentanément indisponible" in body and "Réessayez" in body
    assert "Internal Server Error" not in body and "Traceback" not in body
    assert "frame-ancestors 'none'" in browser.headers["Content-Security-Policy"]
    assert browser.headers["X-Content-Type-Options"] == "nosniff"


def test_stopped_database_gives_every_user_the_french_page(own_postgres, tmp_path):
    email = _candidate(own_postgres.url, tmp_path / "setup")
    env = {"DATABASE_URL": own_postgres.url, "SECRET_KEY": "database-down-test",
           "UPLOAD_FOLDER": str(tmp_path / "uploads"), "SEARCH_INDEX": str(tmp_path / "search"),
           "OUTBOX": str(tmp_path / "outbox")}
    server = Server(env).start()
    try:
        julie, visitor = Browser(server.base), Browser(server.base)
        assert julie.submit("/auth/login", {"email": email, "password": factories.PASSWORD})[0] == 302
        assert "Julie" in julie.get("/")[1]
        own_postgres.halt()
        for path in ("/", "/pool/", "/cv/me"):
            _assert_french_unavailable(julie, path)
        _assert_french_unavailable(visitor, "/pool/")
        status, _body = visitor.get("/healthz")
        assert status == 503
    finally:
        server.stop()
