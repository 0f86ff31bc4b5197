"""Fixtures shared by the whole suite.

The database is the embedded SQLite file by default, or the PostgreSQL server
named by TEST_DATABASE_URL (scripts/test.sh starts one). The schema is built
once per run by the real migrations; every test then starts from empty tables.
"""
import os
import re

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from flask import has_app_context
from flask.testing import FlaskClient

from app import create_app, search
from app.extensions import db
from tests import factories

PASSWORD = factories.PASSWORD
BASE_URL = "http://localhost"  # the test client's own host: mailed links point there
# The tests' VAPID key (web push), so that no test writes one into the repository's instance/.
VAPID_PRIVATE_KEY = "ETStkdw7cRdO9MUiEq91912yib8NCXaxAWd3gdppo0g"


def _database_url(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    if os.environ.get("GTEC_REQUIRE_POSTGRES"):
        pytest.exit("GTEC_REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not", returncode=2)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """The database of this run, migrated to the latest schema."""
    url = _database_url(tmp_path_factory)
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "test",
                      "VAPID_PRIVATE_KEY": VAPID_PRIVATE_KEY,
                      **_folders(tmp_path_factory.mktemp("boot"))})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        db.engine.dispose()
    return url


def _folders(root):
    return {"UPLOAD_FOLDER": str(root / "uploads"), "SEARCH_INDEX": str(root / "search"),
            "OUTBOX": str(root / "outbox"), "SMS_OUTBOX": str(root / "sms-outbox")}


class IsolatedClient(FlaskClient):
    """A test client whose requests each run in their own application context.

    Tests keep an application context open for the factories; without this,
    every request would share its `g` (and so flask-login's cached user) and
    its database session with the test and with the requests before it.
    Around each request the test's session is committed, so the request sees
    what the test created, and the test then reads what the request wrote.
    """

    def open(self, *args, **kwargs):
        outer = has_app_context()
        if outer:
            db.session.commit()
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if outer:
            db.session.commit()
        return response


def make_app(database_url, root, **overrides):
    """An application on the test database, with its folders under `root`."""
    config = {"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
              "WTF_CSRF_ENABLED": False, "BASE_URL": BASE_URL,
              "VAPID_PRIVATE_KEY": VAPID_PRIVATE_KEY, **_folders(root)}
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture
def app(database_url, tmp_path):
    """A fresh application whose database tables are emptied after the test."""
    app = make_app(database_url, tmp_path)
    with app.app_context():
        yield app
        search.forget_cached()  # each test has its own index folder: close its files
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


def _empty_tables():
    tables = [t.name for t in db.metadata.sorted_tables]
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            quoted = ", ".join(f'"{name}"' for name in tables)
            connection.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
        else:
            for name in reversed(tables):
                connection.execute(text(f'DELETE FROM "{name}"'))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def outbox(app):
    """Read the mails the application wrote, oldest first."""
    from tests.mailbox import Mailbox
    return Mailbox(app.config["OUTBOX"])


# --- people -----------------------------------------------------------------

@pytest.fixture
def establishment_a(app):
    return factories.establishment(name="EHPAD Les Tilleuls")


@pytest.fixture
def establishment_b(app):
    return factories.establishment(name="Bocage Aide à Domicile", kind="saad")


@pytest.fixture
def candidate(app):
    return factories.user("candidate", first_name="Julie")


@pytest.fixture
def member_a(establishment_a):
    return factories.user("member", establishment=establishment_a, first_name="Sophie")


@pytest.fixture
def member_b(establishment_b):
    return factories.user("member", establishment=establishment_b, first_name="Thomas")


@pytest.fixture
def staff(app):
    return factories.user("staff", first_name="Claire")


class AuthActions:
    """Log in and out through the real pages."""

    def __init__(self, client):
        self.client = client

    def login(self, user_or_email, password=PASSWORD):
        email = getattr(user_or_email, "email", user_or_email)
        return self.client.post("/auth/login", data={"email": email, "password": password})

    def logout(self):
        return self.client.post("/auth/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


def csrf_token(html):
    """The CSRF token of the first form of a page."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'name="csrf_token" value="([^"]+)"', html)
    return match.group(1)
