"""The candidate's space: profile, consent to the bank, withdrawal, staff check."""
from sqlalchemy import select

from app.cv.models import CONSENT_VERSION, CandidateProfile
from app.extensions import db
from tests import factories
from tests.cv.conftest import upload


def own(user):
    return db.session.scalar(select(CandidateProfile).where(CandidateProfile.user_id == user.id))


PROFILE = {"headline": "Aide-soignante de nuit", "occupations": ["J1501", "K1301"],
           "diplomas": ["DEAS"], "years_experience": "8", "contracts": ["cdi"],
           "schedules": ["night"], "available_from": "2026-06-01",
           "communes": "Vire Normandie, Flers"}


def test_candidate_saves_profile(client, auth, candidate):
    auth.login(candidate)
    assert client.post("/cv/me", data=PROFILE).status_code == 302
    profile = own(candidate)
    assert profile.occupations == ["J1501", "K1301"] and profile.schedules == ["night"]
    assert profile.visibility == "hidden" and profile.moderation == "pending"
    page = client.get("/cv/me").text
    assert "Aide-soignante de nuit" in page


def test_bad_profile_input_gets_french_messages(client, auth, candidate):
    auth.login(candidate)
    response = client.post("/cv/me", data={**PROFILE, "occupations": [],
                                           "years_experience": "99", "headline": "<b>"})
    assert response.status_code == 400
    assert "Choisissez au moins un métier" in response.text
    assert "Entre 0 et 60 ans" in response.text
    assert own(candidate) is None


def test_consent_is_unticked_separate_and_stored_with_its_version(client, auth, candidate):
    auth.login(candidate)
    upload(client, factories.pdf_bytes())
    page = client.get("/cv/me").text
    assert 'name="consent"' in page and "checked" not in page.split('name="consent"')[1][:40]
    assert client.post("/cv/me/visibility", data={}).status_code == 400
    assert own(candidate).visibility == "hidden"
    client.post("/cv/me/visibility", data={"consent": "y"})
    profile = own(candidate)
    assert profile.visibility == "members" and profile.consent_at is not None
    assert profile.consent_version == CONSENT_VERSION
    assert not profile.in_bank, "staff check it first"


def test_withdrawal_takes_one_click_and_hides_the_profile(client, auth, candidate, member_b):
    profile = factories.cv_profile(candidate)
    auth.login(candidate)
    assert client.post("/cv/me/withdraw").status_code == 302
    auth.logout()
    auth.login(member_b)
    assert client.get(f"/cv/{profile.id}").status_code == 404
    assert f"/cv/{profile.id}" not in client.get("/cv/").text


def test_staff_check_a_profile_before_it_enters_the_bank(client, auth, candidate, staff,
                                                         member_b, outbox):
    profile = factories.cv_profile(candidate, moderation="pending")
    auth.login(member_b)
    assert client.get(f"/cv/{profile.id}").status_code == 404
    auth.logout()
    auth.login(staff)
    assert profile.headline in client.get("/staff/").text
    client.post(f"/staff/queue/profile/{profile.id}/approve")
    db.session.refresh(profile)
    assert profile.moderation == "approved"
    assert "visible des établissements" in outbox.body(outbox.last_to(candidate.email))
    client.post(f"/staff/queue/profile/{profile.id}/reject", data={
        f"profile-{profile.id}-reason": "incomplete", f"profile-{profile.id}-comment": "Non."})
    db.session.refresh(profile)
    assert profile.moderation == "approved", "a decided profile is not decided again"
    auth.logout()
    auth.login(member_b)
    assert client.get(f"/cv/{profile.id}").status_code == 200
