"""Pool tests call services directly: French messages need a request context."""
import pytest


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield
