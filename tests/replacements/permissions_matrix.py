"""The replacement routes in the permission matrix (each part adds its block).

ROUTES, CASES and the object makers are filled block by block; objects() runs them all.
"""
from tests.matrix import logged_in, members_only

ROUTES = {}
CASES = {}
_MAKERS = []


def objects(people):
    values = {}
    for make in _MAKERS:
        values.update(make(people))
    return values


# r-pro: joining, the profile, the calendar (candidates with a profile: `candidate` has
# one); checking the pool (staff and active members; a profile another member does not
# know answers 404); inviting (active members); suspending (staff).
PROFESSIONAL = logged_in(403, candidate=200)
CHECKERS = logged_in(403, member_a=200, member_b=200, staff=200)
KNOWN_BY_A = logged_in(403, member_a=200, member_b=404, staff=200)
ROUTES.update({
    "replacements.join": ("GET", "/replacements/join", logged_in(403, candidate=302)),
    "replacements.profile_me": ("GET", "/replacements/me", PROFESSIONAL),
    "replacements.calendar": ("GET", "/replacements/calendar", PROFESSIONAL),
    "replacements.add_repeat": ("POST", "/replacements/calendar/repeats",
                                logged_in(403, candidate=400)),
    "replacements.remove_repeat": ("POST", "/replacements/calendar/repeats/{pro_rule}/delete",
                                   logged_in(403, candidate=302)),
    "replacements.pool_profiles": ("GET", "/replacements/pool", CHECKERS),
    "replacements.pool_profile": ("GET", "/replacements/pool/{pro_known}", KNOWN_BY_A),
    "replacements.pool_approve": ("POST", "/replacements/pool/{pro_known}/approve",
                                  logged_in(403, member_a=302, member_b=404, staff=302)),
    "replacements.pool_invite": ("GET", "/replacements/pool/invite", members_only(200)),
    "replacements.pool_suspend": ("POST", "/replacements/pool/{pro_known}/suspend",
                                  logged_in(403, staff=302)),
})
CASES.update({
    "replacements.remove_repeat: another person's repeat": (
        "POST", "/replacements/calendar/repeats/{pro_other_rule}/delete",
        logged_in(403, candidate=404)),
})


def _pro_objects(people):
    from app.replacements import availability
    from app.timeutil import local_today
    from tests import factories
    from tests.replacements import factories as pool
    candidate = people["candidate"]
    if candidate.replacement_profile is None:
        pool.pool_profile(candidate)
    known = pool.pool_profile(factories.user("candidate"), status="pending",
                              employers=[people["establishment_a"]])
    rule = availability.add_rule(candidate, 1, "night", "available", local_today())
    other_rule = availability.add_rule(known.user, 1, "night", "available", local_today())
    return {"pro_known": known.id, "pro_rule": rule.id, "pro_other_rule": other_rule.id}


_MAKERS.append(_pro_objects)
