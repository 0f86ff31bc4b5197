"""The contract every search backend keeps: each test here runs once per backend
available — whoosh always, PostgreSQL when the test database is PostgreSQL
(scripts/test.sh runs the suite on both)."""
import os

import pytest

BACKENDS = ["whoosh"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL", "")
                         .startswith("postgresql") else [])


@pytest.fixture(autouse=True, params=BACKENDS)
def backend(request, app):
    """The backend of this run of the test (the application's SEARCH_BACKEND)."""
    if request.param != "whoosh" and request.node.get_closest_marker("whoosh_only"):
        pytest.skip("the whoosh index's own behaviour (its lock, its folder)")
    app.config["SEARCH_BACKEND"] = request.param
    return request.param


def pytest_configure(config):
    config.addinivalue_line("markers", "whoosh_only: a test of the whoosh backend's own machinery")
