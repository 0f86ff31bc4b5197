"""The replacement routes in the permission matrix (each part adds its block)."""
from tests.matrix import everyone, logged_in

ROUTES = {}
CASES = {}
_OBJECTS = []


def objects(people):
    values = {}
    for make in _OBJECTS:
        values.update(make(people))
    return values


# r-mine: "Mes missions" is a candidate's own page (a candidate outside the pool sees it
# empty and has no feed to renew: 404); the calendar feed is public behind its secret,
# and an unknown (or renewed) secret answers 404 to everyone.
CANDIDATE_ONLY = logged_in(403, candidate=200)
ROUTES.update({
    "replacements.my_missions": ("GET", "/replacements/mes-missions", CANDIDATE_ONLY),
    "replacements.my_missions_csv": ("GET", "/replacements/mes-missions.csv", CANDIDATE_ONLY),
    "replacements.renew_feed": ("POST", "/replacements/mes-missions/agenda/renouveler",
                                logged_in(403, candidate=404)),
    "replacements.feed_ics": ("GET", "/replacements/agenda/{feed_token}.ics", everyone(200)),
})
CASES.update({
    "replacements.feed_ics: an unknown or renewed secret": (
        "GET", "/replacements/agenda/not-a-feed-token.ics", everyone(404)),
})


def _mine_objects(people):
    from tests.replacements.factories import mine_profile
    return {"feed_token": mine_profile().feed_token}


_OBJECTS.append(_mine_objects)
