"""Training times are chosen and shown in Europe/Paris, stored in UTC."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from app.timeutil import utcnow

PARIS = ZoneInfo("Europe/Paris")


def today():
    """Today's date in France, the day deadlines are counted in."""
    return utcnow().astimezone(PARIS).date()


def to_utc(day, time):
    """A wall-clock day and time in France, as an aware UTC datetime."""
    return datetime.combine(day, time, tzinfo=PARIS).astimezone(timezone.utc)


def local(moment):
    """An aware datetime shown in France."""
    return moment.astimezone(PARIS)
