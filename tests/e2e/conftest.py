"""Browser tests: Debian's Chromium driven by Playwright against a live server.

The server runs in a thread of the test process on the test database, with
CSRF protection on, as in production.
"""
import threading

import pytest
from werkzeug.serving import make_server

from scripts.gtec_client import free_port
from tests.conftest import make_app, _empty_tables
from app.extensions import db

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium",
            "args": CHROMIUM_FLAGS}


@pytest.fixture
def port():
    """The live server's port, known before the app so that its BASE_URL names it."""
    return free_port()


@pytest.fixture
def app(database_url, tmp_path, port):
    """The application with CSRF on, as a person meets it."""
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True,
                   BASE_URL=f"http://127.0.0.1:{port}")
    with app.app_context():
        yield app
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


@pytest.fixture
def live_server(app, port):
    """Serve the app on 127.0.0.1 and a free port for the length of a test."""
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server, locale="fr-FR")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()
