"""The application of the consumers the tests start: the real one, plus tests' periodic task."""
from app import create_app
from tests.tasks import periodic_job  # noqa: F401  (registers count_run)

app = create_app()
