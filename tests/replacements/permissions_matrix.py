"""The replacement routes in the permission matrix; each part adds its routes and the
objects they need in its own block (OBJECTS: functions of `people` returning values)."""
from tests.matrix import everyone, logged_in, members_only

ROUTES, CASES, OBJECTS = {}, {}, []


def objects(people):
    values = {}
    for make in OBJECTS:
        values.update(make(people))
    return values


# r-member: establishment A's mission pages. Active members see their own missions
# (another establishment's: 404), staff read any mission and act on none.
OWN_MISSION = logged_in(403, member_a=200, member_b=404, staff=200)
OWN_ACTION = logged_in(403, member_a=200, member_b=404)
OWN_POST = logged_in(403, member_a=302, member_b=404)

ROUTES.update({
    "replacements.member_missions": ("GET", "/replacements/manage/missions", members_only(200)),
    "replacements.member_mission_new": ("GET", "/replacements/manage/missions/new",
                                        members_only(200)),
    "replacements.member_mission": ("GET", "/replacements/manage/missions/{mission}",
                                    OWN_MISSION),
    "replacements.member_mission_cancel": (
        "GET", "/replacements/manage/missions/{mission}/cancel", OWN_ACTION),
    "replacements.member_pick": ("POST", "/replacements/manage/assignments/{applied}/pick",
                                 OWN_POST),
    "replacements.member_hours": ("GET", "/replacements/manage/assignments/{booked}/hours",
                                  OWN_ACTION),
    "replacements.member_no_show": (
        "POST", "/replacements/manage/assignments/{booked}/no-show", OWN_POST),
    "replacements.member_policy": ("GET", "/replacements/manage/policy", members_only(200)),
    "replacements.member_planning": ("GET", "/replacements/manage/planning", members_only(200)),
})


def _member_objects(people):
    from datetime import timedelta

    from tests.replacements import factories
    establishment = people["establishment_a"]
    open_mission = factories.posted_mission(establishment)
    applied = factories.assignment(open_mission, factories.checked_profile(), status="applied")
    past = factories.posted_mission(establishment, status="filled",
                                    start_in=-timedelta(hours=10))
    booked = factories.assignment(past, factories.checked_profile())
    return {"mission": open_mission.id, "applied": applied.id, "booked": booked.id}


OBJECTS.append(_member_objects)


# r-mine: "Mes missions" is a candidate's own page (a candidate outside the pool sees it
# empty and has no feed to renew: 404); the calendar feed is public behind its secret,
# and an unknown (or renewed) secret answers 404 to everyone.
CANDIDATE_ONLY = logged_in(403, candidate=200)
ROUTES.update({
    "replacements.my_missions": ("GET", "/replacements/mes-missions", CANDIDATE_ONLY),
    "replacements.my_missions_csv": ("GET", "/replacements/mes-missions.csv", CANDIDATE_ONLY),
    "replacements.renew_feed": ("POST", "/replacements/mes-missions/agenda/renouveler",
                                logged_in(403, candidate=302)),
    "replacements.feed_ics": ("GET", "/replacements/agenda/{feed_token}.ics", everyone(200)),
})
CASES.update({
    "replacements.feed_ics: an unknown or renewed secret": (
        "GET", "/replacements/agenda/not-a-feed-token.ics", everyone(404)),
})


def _mine_objects(people):
    from tests.replacements.factories import mine_profile
    return {"feed_token": mine_profile().feed_token}


OBJECTS.append(_mine_objects)


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
        pool.pro_profile(candidate)
    known = pool.pro_profile(factories.user("candidate"), status="pending",
                              employers=[people["establishment_a"]])
    rule = availability.add_rule(candidate, 1, "night", "available", local_today())
    other_rule = availability.add_rule(known.user, 1, "night", "available", local_today())
    return {"pro_known": known.id, "pro_rule": rule.id, "pro_other_rule": other_rule.id}


OBJECTS.append(_pro_objects)


# r-alerts: the two-tap link is the alerted professional's (none of the roles): a
# visitor sees the mission and is asked to log in to answer; any other account 404.
# "Missions proposées" needs a checked pool profile: the candidate's (r-pro's objects).
ROUTES.update({
    "replacements.alert_open": ("GET", "/replacements/a/{alert_token}", logged_in(404, anonymous=200)),
    "replacements.alert_take": ("POST", "/replacements/a/{alert_token}/take", logged_in(404)),
    "replacements.alert_decline": ("POST", "/replacements/a/{alert_token}/decline",
                                   logged_in(404)),
    "replacements.proposed_missions": ("GET", "/replacements/missions/proposed",
                                        logged_in(403, candidate=200)),
})


def _alerts_objects(people):
    from datetime import timedelta

    from app.extensions import db
    from app.replacements.models import MissionAlert
    from app.timeutil import utcnow
    from tests.replacements.factories import alerts_mission, alerts_profile
    mission = alerts_mission(people["establishment_a"], utcnow() + timedelta(days=1))
    alert = MissionAlert(mission_id=mission.id, profile_id=alerts_profile().id, tier=1, wave=1)
    db.session.add(alert)
    db.session.commit()
    return {"alert_token": alert.token}


OBJECTS.append(_alerts_objects)
