"""SMS: French mobiles, the outbox, the HTTP provider, the daily cap, quiet hours, no one's data."""
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cv.models import CandidateProfile
from app.extensions import db
from app.notifications import delivery
from app.notifications.models import SentMessage
from app.notifications.policy import notify
from app.notifications.services import save_preferences
from app.notifications.sms import normalize_mobile
from tests import factories


@pytest.mark.parametrize("typed, stored", [
    ("06 12 34 56 78", "+33612345678"), ("07.12.34.56.78", "+33712345678"),
    ("+33 6 12 34 56 78", "+33612345678"), ("0033712345678", "+33712345678"),
    ("01 23 45 67 89", None), ("06 12 34 56", None), ("+44 7911 123456", None),
    ("06123456789", None), ("", None), ("zéro six", None)])
def test_only_french_mobiles_are_taken_and_stored_in_e164(typed, stored):
    assert normalize_mobile(typed) == stored


def test_the_account_page_takes_a_mobile_and_refuses_a_bad_one(client, auth, candidate):
    auth.login(candidate)
    page = client.post("/notifications/preferences", data={"mobile_phone": "01 23 45 67 89"})
    assert page.status_code == 200 and "Numéro de mobile invalide" in page.text
    client.post("/notifications/preferences", data={"mobile_phone": "06 12 34 56 78",
                                                    "kind_moderation": ["mail", "sms"]})
    db.session.refresh(candidate)
    assert candidate.mobile_phone == "+33612345678"
    page = client.get("/notifications/preferences").text
    assert 'value="+33612345678"' in page


def sms_outbox(app):
    return sorted(Path(app.config["SMS_OUTBOX"]).glob("*.txt"))


@pytest.fixture
def texter(app, candidate):
    """A candidate with a mobile who asked for moderation news by mail and SMS."""
    candidate.mobile_phone = "+33612345678"
    db.session.commit()
    save_preferences(candidate, {"moderation": {"mail", "sms"}})
    return candidate


def approve(app, user, **options):
    """Tell `user` their profile was approved (a moderation message)."""
    with app.test_request_context():
        profile = user.cv_profile if getattr(user, "cv_profile", None) else \
            db.session.scalar(select(CandidateProfile).where(CandidateProfile.user_id == user.id)) \
            or factories.cv_profile(user, with_file=False)
        return notify(user.email, "cv_approved", profile=profile, **options)


def messages(channel="sms"):
    db.session.commit()
    return db.session.scalars(select(SentMessage).where(SentMessage.channel == channel)
                              .order_by(SentMessage.id)).all()


def test_a_message_goes_by_the_channels_the_person_chose(app, clock, texter, outbox):
    rows = approve(app, texter)
    assert sorted(r.channel for r in rows) == ["mail", "sms"]
    (written,) = sms_outbox(app)
    sms = json.loads(written.read_text())
    assert sms["to"] == "+33612345678"
    assert sms["text"] == "GTEC : une décision de modération vous concerne. http://localhost/cv/me"
    assert len(outbox.to(texter.email)) == 1
    save_preferences(texter, {"moderation": {"sms"}})
    approve(app, texter)
    assert len(sms_outbox(app)) == 2 and len(outbox.to(texter.email)) == 1


def test_security_mails_go_by_mail_alone_whatever_was_chosen(app, clock, texter, outbox):
    save_preferences(texter, {kind: {"sms"} for kind in ("moderation", "applications")})
    with app.test_request_context():
        rows = notify(texter.email, "password_reset", user=texter, token="t", minutes=30)
    assert [r.channel for r in rows] == ["mail"] and sms_outbox(app) == []


def test_an_sms_never_holds_anyone_s_name(app, clock, candidate, member_a, establishment_a):
    """An employer told of an application by SMS: the candidate's name stays in the mail."""
    member_a.mobile_phone = "+33712345678"
    db.session.commit()
    save_preferences(member_a, {"applications": {"mail", "sms"}})
    with app.test_request_context():
        vacancy = factories.vacancy(establishment_a, status="published")
        factories.cv_profile(candidate, in_bank=False)
        application = factories.application(candidate, vacancy)
        notify(member_a.email, "application_received_employer", application=application)
    (mail,) = messages("mail")
    (written,) = sms_outbox(app)
    text = json.loads(written.read_text())["text"]
    assert candidate.last_name in mail.subject + (mail.body or "") or mail.status == "sent"
    for private in (candidate.first_name, candidate.last_name, candidate.email):
        assert private not in text


def test_the_daily_cap_keeps_the_sms_beyond_it_off_the_phone(app, clock, texter):
    app.config["SMS_DAILY_CAP"] = 2
    for _ in range(3):
        approve(app, texter)
    assert [m.status for m in messages()] == ["sent", "sent", "refused"]
    assert "plafond" in messages()[-1].error and len(sms_outbox(app)) == 2
    clock.advance(timedelta(days=1))
    approve(app, texter)
    assert messages()[-1].status == "sent" and len(sms_outbox(app)) == 3


def test_no_sms_at_night_unless_the_mission_starts_within_12_hours(app, clock, texter):
    clock.now = clock.now.replace(hour=22)  # 23:00 in Paris
    approve(app, texter)
    (waiting,) = messages()
    assert waiting.status == "deferred" and waiting.attempts == 0 and sms_outbox(app) == []
    assert waiting.next_attempt_at == clock.now.replace(hour=7) + timedelta(days=1)  # 8:00 Paris
    approve(app, texter, urgent=True)
    assert messages()[-1].status == "sent" and len(sms_outbox(app)) == 1
    clock.now = waiting.next_attempt_at
    delivery.sweep()
    assert [m.status for m in messages()] == ["sent", "sent"] and len(sms_outbox(app)) == 2


def test_an_sms_held_for_the_morning_reads_as_deferred_not_failed(app, clock, texter, client,
                                                                  auth, staff):
    clock.now = clock.now.replace(hour=22)  # 23:00 in Paris
    approve(app, texter)
    (waiting,) = messages()
    assert waiting.error is None
    auth.login(staff)
    log = client.get("/notifications/sent").text
    assert "Reporté au 02/12/2026 08:00" in log and "Échec" not in log
    failures = client.get("/notifications/failed").text
    assert "Aucun message en échec." in failures and texter.email not in failures


class Provider(BaseHTTPRequestHandler):
    """A small SMS provider: answers the status the test sets, records what it got."""

    answers, received = [], []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append((self.headers["Authorization"], body))
        status = type(self).answers.pop(0) if type(self).answers else 200
        self.send_response(status)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def provider(app):
    Provider.answers, Provider.received = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Provider)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    app.config.update(SMS_PROVIDER="http", SMS_API_KEY="clé-de-test", SMS_TIMEOUT=2,
                      SMS_URL=f"http://127.0.0.1:{server.server_port}/sms")
    yield Provider
    server.shutdown()
    server.server_close()


def test_the_http_provider_posts_json_and_its_failures_are_retried(app, clock, texter, provider):
    provider.answers = [503, 200]
    approve(app, texter)
    (failed,) = messages()
    assert (failed.status, failed.error) == ("failed", "SMS refusé : HTTP 503")
    clock.now = failed.next_attempt_at
    delivery.sweep()
    assert messages()[0].status == "sent"
    (first, second) = provider.received
    assert first == second  # the same reference: the provider can drop a repeat
    authorization, body = second
    assert authorization == "Bearer clé-de-test"
    assert body == {"to": "+33612345678", "sender": "GTEC", "reference": f"gtec-{failed.id}",
                    "text": "GTEC : une décision de modération vous concerne. "
                            "http://localhost/cv/me"}


def test_a_provider_refusal_is_kept_and_a_silent_one_times_out(app, clock, texter, provider):
    provider.answers = [400]
    approve(app, texter)
    assert messages()[0].status == "refused"
    app.config["SMS_URL"] = "http://127.0.0.1:9/sms"  # nothing listens: refused connection
    approve(app, texter)
    assert messages()[1].status == "failed" and "SMS :" in messages()[1].error
