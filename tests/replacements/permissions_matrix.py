"""Replacements in the permission matrix (each part in its own block; the lead merges)."""
from tests.matrix import logged_in

ROUTES = {}
CASES = {}

# r-alerts: the two-tap link is the alerted professional's (none of the roles): a
# visitor sees the mission and is asked to log in to answer; any other account 404.
# "Missions proposées" needs a checked pool profile, which no role has.
ROUTES.update({
    "replacements.alert_open": ("GET", "/replacements/a/{alert_token}", logged_in(404, anonymous=200)),
    "replacements.alert_take": ("POST", "/replacements/a/{alert_token}/take", logged_in(404)),
    "replacements.alert_decline": ("POST", "/replacements/a/{alert_token}/decline",
                                   logged_in(404)),
    "replacements.proposed_missions": ("GET", "/replacements/missions/proposed", logged_in(403)),
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


def objects(people):
    return {**_alerts_objects(people)}
