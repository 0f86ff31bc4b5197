"""What a credential's fields must say: the RPPS key, the computed expiry."""
from datetime import date

from app.members.validators import luhn_ok
from app.referentials import CREDENTIAL_VALIDITY_YEARS


def rpps_ok(value):
    """An RPPS number is 11 digits whose last is a Luhn key."""
    return len(value) == 11 and value.isdigit() and luhn_ok(value)


def computed_expiry(kind, obtained_on: date):
    """The expiry of a type that lapses (AFGSU: four years after obtention), else None."""
    years = CREDENTIAL_VALIDITY_YEARS.get(kind)
    if years is None or obtained_on is None:
        return None
    try:
        return obtained_on.replace(year=obtained_on.year + years)
    except ValueError:  # 29 February
        return obtained_on.replace(year=obtained_on.year + years, day=28)
