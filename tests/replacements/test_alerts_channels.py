"""An alert goes out on every channel the person chose; one that fails (the SMS
provider down) does not hold back the others and is retried; the SMS names no one."""
import json
import socket
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.notifications import delivery
from app.notifications.models import SentMessage
from app.notifications.services import save_preferences
from app.replacements import alerts
from app.replacements.models import MissionAlert
from tests.replacements.alerts_helpers import clock  # noqa: F401
from tests.replacements.factories import alerts_mission, alerts_profile, local_day


def closed_port():
    """A port of 127.0.0.1 where nothing listens (the SMS provider is down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def messages():
    db.session.expire_all()
    return {m.channel: m for m in db.session.scalars(select(SentMessage))}


def test_a_failing_sms_does_not_hold_the_mail_and_is_retried(
        app, clock, establishment_a, member_a, outbox):
    starts = clock.now + timedelta(hours=26)
    profile = alerts_profile(on=local_day(starts), last_name="Lefèvre",
                             mobile_phone="+33612345678")
    save_preferences(profile.user, {"missions": {"mail", "sms"}})
    mission = alerts_mission(establishment_a, starts, reach="pool", author=member_a)
    app.config.update(SMS_PROVIDER="http", SMS_URL=f"http://127.0.0.1:{closed_port()}/sms")
    with app.test_request_context():
        alerts.start(mission.id)
    alert = db.session.scalar(select(MissionAlert))
    assert alert.channels == "mail,sms"
    sent = messages()
    assert sent["mail"].status == "sent" and len(outbox.to(profile.user.email)) == 1
    assert (sent["sms"].status, sent["sms"].attempts) == ("failed", 1)
    assert sent["sms"].next_attempt_at == clock.now + timedelta(minutes=1)

    app.config["SMS_PROVIDER"] = "outbox"  # the provider is back
    clock.advance(timedelta(minutes=1))
    delivery.sweep()
    sent = messages()
    assert (sent["sms"].status, sent["sms"].attempts) == ("sent", 2)
    assert len(outbox.to(profile.user.email)) == 1  # the mail is not sent twice
    [sms] = [json.loads(p.read_text()) for p in Path(app.config["SMS_OUTBOX"]).glob("*.txt")]
    link = f"http://localhost/replacements/a/{alert.token}"
    assert sms == {"to": "+33612345678",
                   "text": f"GTEC : du nouveau sur une mission de remplacement. {link}"}
    for name in (member_a.first_name, member_a.last_name, "Lefèvre",
                 establishment_a.name, "Camille"):
        assert name not in sms["text"]
