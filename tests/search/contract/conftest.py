"""The contract every search backend keeps: each test here runs once per backend
available — whoosh always, PostgreSQL when the test database is PostgreSQL
(scripts/test.sh runs the suite on both)."""
import pytest

BACKENDS = ["whoosh"]


@pytest.fixture(autouse=True, params=BACKENDS)
def backend(request, app):
    """The backend of this run of the test (the application's SEARCH_BACKEND)."""
    app.config["SEARCH_BACKEND"] = request.param
    return request.param
