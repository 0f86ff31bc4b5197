"""One clock for the whole application, so that tests can move it."""
from datetime import date, datetime, timedelta, timezone
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


def easter(year):
    """Easter Sunday of a Gregorian year (the anonymous algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def french_public_holidays(year):
    """The eleven public holidays of metropolitan France (jours fériés) of a year."""
    sunday = easter(year)
    fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    return {date(year, month, day) for month, day in fixed} | {
        sunday + timedelta(days=shift) for shift in (1, 39, 50)}  # Monday, Ascension, Whit


def is_working_day(day):
    """Monday to Friday, not a French public holiday."""
    return day.weekday() < 5 and day not in french_public_holidays(day.year)
