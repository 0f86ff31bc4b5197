"""The lifecycle of a vacancy: one state machine with named transitions.

draft → pending → published → filled | expired | withdrawn,
pending → rejected → draft; editing a published vacancy sends it back to
moderation (revise), or to draft when a co-employer must confirm again.
"""
from flask_babel import gettext as _

from app.errors import InvalidTransition
from app.pool.models import STATUSES

# name: (states it may start from, state it leads to)
TRANSITIONS = {
    "submit": ({"draft"}, "pending"),
    "publish": ({"pending"}, "published"),
    "reject": ({"pending"}, "rejected"),
    "revise": ({"published"}, "pending"),
    "redraft": ({"rejected", "pending", "published"}, "draft"),
    "withdraw": ({"draft", "pending", "published"}, "withdrawn"),
    "fill": ({"published"}, "filled"),
    "expire": ({"published"}, "expired"),
}
# States in which the vacancy's text may still change.
EDITABLE = frozenset({"draft", "pending", "published", "rejected"})


def allowed(status, name):
    """Whether the transition `name` may start from `status`."""
    return status in TRANSITIONS[name][0]


def apply(vacancy, name):
    """Move `vacancy` through the transition `name`, or raise InvalidTransition."""
    if not allowed(vacancy.status, name):
        raise InvalidTransition(_("Action impossible : l'offre est « %(status)s ».",
                                  status=STATUSES[vacancy.status]))
    vacancy.status = TRANSITIONS[name][1]
    return vacancy


def after_edit(status, all_confirmed):
    """The transition an edit triggers from `status`, or None to stay put."""
    if status == "rejected" or (status in ("pending", "published") and not all_confirmed):
        return "redraft"
    if status == "published":
        return "revise"
    return None
