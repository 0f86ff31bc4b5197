"""One clock for the whole application, so that tests can move it."""
from datetime import datetime, timezone


def utcnow():
    """The current time, timezone-aware, in UTC."""
    return datetime.now(timezone.utc)
