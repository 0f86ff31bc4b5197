"""The lifecycles of replacements, each declared once (app/states.py).

A pool profile: pending (to check) → approved (alerted) ⇄ paused (by the
person) ; staff suspend an approved or paused profile and reinstate it.
A mission: open (alerting) → filled → done (hours confirmed) ; open → unfilled
when nobody took it by its deadline ; open or filled → cancelled by the member.
A withdrawal re-opens a filled mission.
An assignment (one person on one mission): applied ("je valide") → booked |
declined ; booked → withdrawn (the person, before the deadline) | cancelled
(the mission) | done | no_show.

Who may move what is re-checked under the lock by the services
(app/permissions.py predicates); the states live here alone.
"""
from flask_babel import lazy_gettext as _l

from app.states import Lifecycle, move

PROFILE = Lifecycle(
    "replacement_profile",
    states={"pending": _l("À vérifier"), "approved": _l("Vérifié"),
            "paused": _l("En pause"), "suspended": _l("Suspendu")},
    groups={"alerted": {"approved"}, "checked": {"approved", "paused"},
            "pending": {"pending"}},
    transitions={"approve": move("pending", "approved"),
                 "pause": move("approved", "paused"),
                 "resume": move("paused", "approved"),
                 "suspend": move({"pending", "approved", "paused"}, "suspended"),
                 "reinstate": move("suspended", "pending")},
    wrong_state=_l("Cette action n'est plus possible : le profil est « %(status)s »."),
)

MISSION = Lifecycle(
    "mission",
    states={"open": _l("Ouverte"), "filled": _l("Pourvue"), "done": _l("Réalisée"),
            "unfilled": _l("Non pourvue"), "cancelled": _l("Annulée")},
    groups={"open": {"open"}, "active": {"open", "filled"},
            "closed": {"done", "unfilled", "cancelled"}},
    transitions={"fill": move("open", "filled"),
                 "reopen": move("filled", "open"),
                 "complete": move("filled", "done"),
                 "expire": move("open", "unfilled"),
                 "cancel": move({"open", "filled"}, "cancelled")},
    wrong_state=_l("Cette action n'est plus possible : la mission est « %(status)s »."),
)

ASSIGNMENT = Lifecycle(
    "assignment",
    states={"applied": _l("Candidature"), "booked": _l("Retenu(e)"),
            "declined": _l("Non retenu(e)"), "withdrawn": _l("Désisté(e)"),
            "cancelled": _l("Mission annulée"), "done": _l("Réalisée"),
            "no_show": _l("Absent(e)")},
    # "holds": the hours count against the person's rest and weekly limits.
    groups={"holds": {"booked", "done"}, "waiting": {"applied"},
            "ended": {"declined", "withdrawn", "cancelled", "done", "no_show"}},
    transitions={"book": move("applied", "booked"),
                 "decline": move("applied", "declined"),
                 "withdraw": move({"applied", "booked"}, "withdrawn"),
                 "cancel": move({"applied", "booked"}, "cancelled"),
                 "complete": move("booked", "done"),
                 "no_show": move("booked", "no_show")},
    wrong_state=_l("Cette action n'est plus possible : « %(status)s »."),
)
