"""A mission alert ("missions" kind) reaches a subscribed phone: a real encrypted push to
the push service on 127.0.0.1, decrypted with the phone's key, carrying the alert link."""
from datetime import time, timedelta

from sqlalchemy import select

from app.extensions import db
from app.notifications.services import save_preferences
from app.replacements import alerts
from app.replacements.models import MissionAlert
from app.timeutil import local_today, to_utc
from tests.push.test_delivery import subscribe
from tests.replacements.factories import alerts_mission, alerts_profile


def test_a_mission_alert_is_pushed_encrypted_with_its_link(app, client, auth, establishment_a,
                                                         push_service, browser):
    day = local_today() + timedelta(days=1)
    profile = alerts_profile(on=day, first_name="Nadia")
    subscribe(client, auth, profile.user, browser)
    save_preferences(profile.user, {"missions": {"mail", "push"}})
    mission = alerts_mission(establishment_a, to_utc(day, time(21)))
    alert = MissionAlert(mission_id=mission.id, profile_id=profile.id, tier=1, wave=1,
                         token="jeton-de-test")
    db.session.add(alert)
    db.session.commit()

    alerts.send_messages([alert.id])

    [received] = push_service.received
    shown = browser.read(received)
    assert shown["url"].endswith("/replacements/a/jeton-de-test")
    assert "Aide-soignant" in shown["title"] + shown["body"]
    db.session.expire_all()
    assert set(db.session.scalar(select(MissionAlert.channels)).split(",")) == {"mail", "push"}
