"""Export, erasure and the retention purge."""
import io
import json
import zipfile
from datetime import datetime, timedelta, timezone

import time_machine
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.auth.models import User
from app.cv.models import AnonymousStat, CandidateProfile, CvAccess
from app.extensions import db
from app.notifications.models import SentMail
from tests import factories
from tests.cv.conftest import upload

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_export_holds_the_data_the_cv_and_the_access_history(client, auth, candidate, member_b):
    auth.login(candidate)
    upload(client, factories.pdf_bytes("mon CV exporté"))
    profile = db.session.scalar(select(CandidateProfile))
    profile.visibility, profile.moderation = "members", "approved"
    profile.consent_at, profile.consent_version = profile.created_at, "2026-01"
    db.session.commit()
    auth.logout()
    auth.login(member_b)
    client.get(f"/cv/{profile.id}")
    auth.logout()
    auth.login(candidate)
    response = client.get("/cv/me/export")
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("donnees.json"))
    assert data["account"]["email"] == candidate.email
    assert data["profile"]["occupations"] == [] and "mon CV" in data["profile"]["cv_text"]
    assert data["cv_access_history"][0]["who"] == member_b.full_name
    assert json.loads(archive.read("historique_consultations.json"))[0]["kind"] == "view"
    assert archive.read("cv.pdf").startswith(b"%PDF-")


def test_export_holds_searches_choices_devices_phone_and_messages(app, client, auth, candidate):
    from app.push.models import PushSubscription
    from app.notifications.services import save_preferences
    from tests.alerts.helpers import saved_search
    candidate.mobile_phone = "+33612345678"
    db.session.add(PushSubscription(user_id=candidate.id, endpoint="https://push.example/abc",
                                    p256dh="B" * 87, auth="A" * 22, device="Pixel"))
    db.session.add(SentMail(recipient=candidate.email, user_id=candidate.id, channel="mail",
                            template="cv_approved", kind="moderation", subject="Profil vérifié",
                            status="sent"))
    db.session.add(SentMail(recipient="someone@example.org", template="cv_approved",
                            subject="Pas pour elle", status="sent"))
    db.session.commit()
    saved_search(candidate, name="Nuits à Vire", query="nuit")
    save_preferences(candidate, {"alerts": {"sms"}})
    auth.login(candidate)
    data = json.loads(zipfile.ZipFile(io.BytesIO(client.get("/cv/me/export").data))
                      .read("donnees.json"))
    assert data["account"]["mobile_phone"] == "+33612345678"
    assert [s["name"] for s in data["saved_searches"]] == ["Nuits à Vire"]
    assert data["notification_choices"]["alerts"] == ["sms"]
    assert [p["device"] for p in data["push_subscriptions"]] == ["Pixel"]
    assert [m["subject"] for m in data["sent_messages"]] == ["Profil vérifié"]


def mails_to(email):
    return db.session.scalar(select(func.count(SentMail.id)).where(SentMail.recipient == email))


def test_deletion_needs_the_password_then_leaves_no_row_nor_file(client, auth, candidate,
                                                                 member_b, stored):
    auth.login(candidate)
    upload(client, factories.pdf_bytes())
    profile = db.session.scalar(select(CandidateProfile))
    db.session.add(CvAccess(profile_id=profile.id, viewer_id=member_b.id, viewer_name="x",
                            kind="view"))
    db.session.add(SentMail(recipient=candidate.email, user_id=None, template="password_reset",
                            subject="Réinitialisation", status="failed", error="SMTP refusé",
                            body="…"))
    db.session.add(SentMail(recipient="+33612345678", user_id=candidate.id, channel="sms",
                            template="cv_approved", subject="CV publié", status="queued",
                            body="…"))  # every channel's messages go with the person
    db.session.commit()
    response = client.post("/cv/me/delete", data={"password": "mauvais"})
    assert response.status_code == 400 and "Mot de passe incorrect" in response.text
    assert count(User) == 2 and stored()
    email = candidate.email
    client.post("/cv/me/delete", data={"password": factories.PASSWORD})
    assert db.session.scalar(select(User).where(User.email == email)) is None
    assert mails_to(email) == 0
    assert count(CandidateProfile) == 0 and count(CvAccess) == 0 and stored() == []
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.actor_id.is_not(None), AuditEvent.action.like("cv_%"))) == 0
    stats = {s.key: s.count for s in db.session.scalars(select(AnonymousStat))}
    assert stats["candidate_accounts_erased"] == 1 and stats["cv_accesses_erased"] == 1
    assert client.get("/cv/me").status_code == 302, "logged out"


def test_purge_warns_then_erases_after_two_years_without_contact(app, runner, candidate,
                                                                 outbox, stored):
    with time_machine.travel(T0, tick=False):
        profile = factories.cv_profile(candidate)
        profile.touch()
        db.session.commit()
        kept = factories.cv_profile()
    with time_machine.travel(T0 + timedelta(days=700), tick=False):
        kept = db.session.get(CandidateProfile, kept.id)
        kept.touch()
        db.session.commit()
        result = runner.invoke(args=["purge"])
        assert "warned : 1" in result.output
        assert "supprimerons" in outbox.body(outbox.last_to(candidate.email))
        runner.invoke(args=["purge"])
        assert len(outbox.to(candidate.email)) == 1, "warned once"
    email = candidate.email
    with time_machine.travel(T0 + timedelta(days=731), tick=False):
        result = runner.invoke(args=["purge"])
        assert "erased : 1" in result.output
    assert db.session.scalar(select(User).where(User.email == email)) is None
    assert count(CandidateProfile) == 1 and len(stored()) == 1


def test_purge_drops_shared_cvs_without_consent_after_30_days(app, runner, member_a, stored):
    with time_machine.travel(T0, tick=False):
        factories.cv_profile(None, in_bank=False, contact_email="paul@example.org",
                             share_status="awaiting", shared_by_id=member_a.id,
                             shared_by_establishment_id=member_a.establishment_id)
    with time_machine.travel(T0 + timedelta(days=29), tick=False):
        runner.invoke(args=["purge"])
        assert count(CandidateProfile) == 1
    with time_machine.travel(T0 + timedelta(days=31), tick=False):
        result = runner.invoke(args=["purge"])
        assert "unconsented : 1" in result.output
    assert count(CandidateProfile) == 0 and stored() == []


def test_seed_adds_bank_profiles_once(app):
    from app.seed import seed
    seed()
    first = count(CandidateProfile)
    seed()
    assert first >= 5 and count(CandidateProfile) == first
