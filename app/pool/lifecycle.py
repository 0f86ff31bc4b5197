"""The lifecycle of a vacancy, declared once (app/states.py).

draft → pending → published → filled | expired | withdrawn,
pending → rejected → draft; editing a published vacancy sends it back to
moderation (revise), or to draft when a co-employer must confirm again.

The model derives its CHECK constraint and its group properties (is_open,
is_closed, is_editable) from VACANCY; the services move a vacancy only through
VACANCY.apply, and the pages offer only what VACANCY.can allows.
"""
from datetime import timedelta

from flask_babel import lazy_gettext as _l

from app.permissions import can_moderate, can_withdraw_vacancy
from app.pool.rules import DEFAULT_LIFETIME_DAYS
from app.states import Lifecycle, move
from app.timeutil import local_today, utcnow

OPEN = {"draft", "pending", "published"}


def _moderator(vacancy, actor):
    return can_moderate(actor)


def _lead_or_staff(vacancy, actor):
    return can_withdraw_vacancy(actor, vacancy)


def _past_expiry(vacancy, actor):
    """Published but no longer public (Vacancy.is_public): its expiry date has passed."""
    return not vacancy.is_public


def _published(vacancy, actor):
    """Online until its expiry date: the member's, or DEFAULT_LIFETIME_DAYS from today."""
    today = local_today()
    if vacancy.expires_on is None or vacancy.expires_on <= today:
        vacancy.expires_on = today + timedelta(days=DEFAULT_LIFETIME_DAYS)
    vacancy.published_at = utcnow()
    vacancy.rejection_reason = vacancy.rejection_comment = None


def _rejected(vacancy, actor, reason, comment):
    vacancy.rejection_reason, vacancy.rejection_comment = reason, comment


VACANCY = Lifecycle(
    "vacancy",
    states={
        "draft": _l("Brouillon"),
        "pending": _l("En attente de modération"),
        "published": _l("Publiée"),
        "rejected": _l("Refusée"),
        "filled": _l("Pourvue"),
        "expired": _l("Expirée"),
        "withdrawn": _l("Retirée"),
    },
    groups={
        # Not closed: a new vacancy like one of these is probably a duplicate.
        "open": OPEN,
        # Nobody is recruited through it any more.
        "closed": {"filled", "expired", "withdrawn"},
        # Its text may still change.
        "editable": OPEN | {"rejected"},
    },
    transitions={
        "submit": move("draft", "pending"),
        "publish": move("pending", "published", when=_moderator, changes=_published,
                        refusal=_l("Seule l'association modère les offres.")),
        "reject": move("pending", "rejected", when=_moderator, changes=_rejected,
                       refusal=_l("Seule l'association modère les offres.")),
        "revise": move("published", "pending"),
        "redraft": move({"rejected", "pending", "published"}, "draft"),
        "withdraw": move(OPEN, "withdrawn", when=_lead_or_staff,
                         refusal=_l("Seul l'établissement qui publie l'offre, ou l'association, "
                                    "la retire.")),
        "fill": move("published", "filled"),
        "expire": move("published", "expired", when=_past_expiry,
                       refusal=_l("L'offre n'a pas atteint sa date d'expiration.")),
    },
    wrong_state=_l("Action impossible : l'offre est « %(status)s »."),
)


def after_edit(status, all_confirmed):
    """The transition an edit triggers from `status`, or None to stay put."""
    if status == "rejected" or (status in ("pending", "published") and not all_confirmed):
        return "redraft"
    if status == "published":
        return "revise"
    return None
