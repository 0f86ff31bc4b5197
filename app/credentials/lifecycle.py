"""A credential's state, derived (never stored): it changes with the calendar alone.

Declared once here as app/states.py declares stored lifecycles; `state_of` is the one
place that decides it, with `today` passed in so a test can freeze the clock.
"""
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

STATES = {
    "to_check": _l("À vérifier"),
    "valid": _l("Valide"),
    "expiring": _l("Expire bientôt"),
    "expired": _l("Expiré"),
}
EXPIRING_WITHIN = timedelta(days=90)


def state_of(credential, today: date):
    """to_check (never verified), expired, expiring (within 90 days), or valid."""
    if credential.expires_on is not None and credential.expires_on < today:
        return "expired"
    if credential.verified_at is None:
        return "to_check"
    if credential.expires_on is not None and credential.expires_on - today <= EXPIRING_WITHIN:
        return "expiring"
    return "valid"
