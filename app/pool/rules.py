"""Rules on a vacancy's content that both its form and its services apply."""
from flask_babel import gettext as _

DEFAULT_LIFETIME_DAYS = 60
EXTENSION_DAYS = 30
REMINDER_DAYS = 7


def share_problem(fte, shares):
    """What is wrong with the employers' shares of a job of `fte` %, or None.

    `shares` is a list of dicts with establishment_id and fte_share, the
    publishing establishment's first.
    """
    ids = [share["establishment_id"] for share in shares]
    if len(set(ids)) != len(ids):
        return _("Chaque établissement ne figure qu'une fois parmi les employeurs.")
    if any(not 1 <= (share["fte_share"] or 0) <= 100 for share in shares):
        return _("Chaque part est comprise entre 1 et 100 %.")
    total = sum(share["fte_share"] for share in shares)
    if total != fte:
        return _("Les parts des employeurs totalisent %(total)d %% au lieu des %(fte)d %% "
                 "du poste.", total=total, fte=fte)
    return None
