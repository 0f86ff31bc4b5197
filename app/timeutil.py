"""One clock for the whole application, so that tests can move it."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def utcnow():
    """The current time, timezone-aware, in UTC."""
    return datetime.now(timezone.utc)


def local_today():
    """Today's date in France, where every deadline of the platform is set."""
    return utcnow().astimezone(PARIS).date()


def to_utc(day, time):
    """A wall-clock day and time in France, as an aware UTC datetime."""
    return datetime.combine(day, time, tzinfo=PARIS).astimezone(timezone.utc)


def local(moment):
    """An aware datetime shown in France."""
    return moment.astimezone(PARIS)
