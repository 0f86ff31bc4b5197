"""Joining the pool, editing, checking (logged), a member's invitation (r-pro)."""
import re

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import User
from app.extensions import db
from app.notifications.services import chosen_channels
from app.replacements import profiles
from app.replacements.models import ReplacementProfile
from tests import factories
from tests.conftest import csrf_token
from tests.replacements import factories as pool

GOOD = {"occupations": ["J1501"], "diplomas": ["DEAS"], "home_commune": "Flers (61100)",
        "radius_km": "30", "other_communes": "Vire Normandie, Condé-en-Normandie",
        "mobile_phone": "06 12 34 56 78", "channels": ["mail", "sms"],
        "weekly_ceiling_hours": "35", "consent": "y"}


def post(client, url, data):
    token = csrf_token(client.get(url).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def profile_of(user):
    db.session.expire_all()
    return db.session.scalar(select(ReplacementProfile).where(ReplacementProfile.user_id == user.id))


def error_of(html, field):
    match = re.search(rf'id="{field}-error">([^<]*)<', html)
    return match and match.group(1)


def test_a_candidate_joins_the_pool(client, auth, candidate, establishment_a):
    auth.login(candidate)
    response = post(client, "/replacements/join", {**GOOD, "employers": [str(establishment_a.id)]})
    assert response.status_code == 302 and response.location.endswith("/replacements/calendar")
    profile = profile_of(candidate)
    assert profile.status == "pending" and profile.consent_version == "2026-12"
    assert (profile.home_insee, profile.home_commune, profile.radius_km) == ("61169", "Flers", 30)
    assert 48.6 < profile.latitude < 48.9
    assert profile.occupation_codes == {"J1501"} and profile.diploma_codes == {"DEAS"}
    assert {c.insee for c in profile.communes} == {"14762", "14174"}
    assert [e.establishment_id for e in profile.employers] == [establishment_a.id]
    assert db.session.get(User, candidate.id).mobile_phone == "+33612345678"
    assert set(chosen_channels(candidate.id, "missions")) == {"mail", "sms"}
    assert chosen_channels(candidate.id, "applications") == ["mail"]  # other kinds untouched
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.object_type == "ReplacementProfile",
        AuditEvent.object_id == profile.id)) == "replacement_profile_join"


@pytest.mark.parametrize("change, field, message", [
    ({"weekly_ceiling_hours": "49"}, "weekly_ceiling_hours", "la loi limite le travail à 48 heures"),
    ({"weekly_ceiling_hours": "0"}, "weekly_ceiling_hours", "Entre 1 et 48 heures"),
    ({"weekly_ceiling_hours": "beaucoup"}, "weekly_ceiling_hours", ""),
    ({"mobile_phone": "01 23 45 67 89"}, "mobile_phone", "Numéro de mobile invalide"),
    ({"mobile_phone": "+44 7700 900123"}, "mobile_phone", "Numéro de mobile invalide"),
    ({"home_commune": "Atlantide"}, "home_commune", "Commune inconnue"),
    ({"home_commune": "Flers"}, "home_commune", "Plusieurs communes s'appellent « Flers »"),
    ({"home_commune": ""}, "home_commune", "Ce champ est obligatoire"),
    ({"other_communes": "Vire Normandie, Nulle-Part"}, "other_communes", "Commune inconnue"),
    ({"occupations": ["X9999"]}, "occupations", "Métier inconnu"),
    ({"occupations": []}, "occupations", "Choisissez au moins un métier"),
    ({"diplomas": ["DEAS", "PHD"]}, "diplomas", "Diplôme inconnu"),
    ({"employers": ["999999"]}, "employers", "Établissement inconnu"),
    ({"channels": ["pigeon"]}, "channels", "Moyen de contact inconnu"),
    ({"channels": ["sms"], "mobile_phone": ""}, "channels", "indiquez votre mobile"),
    ({"radius_km": "500"}, "radius_km", "Entre 0 et 200 km"),
    ({"consent": ""}, "consent", "Cochez la case"),
])
def test_bad_input_is_refused_at_its_field(client, auth, candidate, change, field, message):
    auth.login(candidate)
    response = post(client, "/replacements/join", {**GOOD, **change})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert error_of(html, field) is not None and message in error_of(html, field)
    assert profile_of(candidate) is None


def test_only_candidates_join(client, auth, member_a):
    auth.login(member_a)
    assert client.get("/replacements/join").status_code == 403


def test_editing_occupations_sends_the_profile_back_to_check(client, auth, candidate):
    pool.pro_profile(candidate, status="approved")
    auth.login(candidate)
    same = {**GOOD, "occupations": ["J1501"], "diplomas": []}
    assert post(client, "/replacements/me", {**same, "weekly_ceiling_hours": "20"}).status_code == 302
    assert profile_of(candidate).status == "approved"
    assert profile_of(candidate).weekly_ceiling_hours == 20
    assert post(client, "/replacements/me", {**same, "occupations": ["J1501", "J1506"]}
                ).status_code == 302
    profile = profile_of(candidate)
    assert profile.status == "pending" and profile.occupation_codes == {"J1501", "J1506"}


def test_edit_form_shows_the_saved_profile(client, auth, candidate):
    pool.pro_profile(candidate, status="pending", home="14762")
    auth.login(candidate)
    html = client.get("/replacements/me").get_data(as_text=True)
    assert 'value="Vire Normandie (14500)"' in html and "À vérifier" in html


def test_staff_check_a_profile_and_the_view_is_logged(client, auth, candidate, staff, outbox):
    profile = pool.pro_profile(candidate, status="pending")
    auth.login(staff)
    assert candidate.last_name in client.get("/replacements/pool").get_data(as_text=True)
    page = client.get(f"/replacements/pool/{profile.id}")
    assert page.status_code == 200 and candidate.email in page.get_data(as_text=True)
    views = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "replacement_profile_view", AuditEvent.object_id == profile.id)).all()
    assert [v.actor_id for v in views] == [staff.id]
    response = client.post(f"/replacements/pool/{profile.id}/approve",
                           data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    assert response.status_code == 302
    profile = profile_of(candidate)
    assert profile.status == "approved" and profile.checked_by_id == staff.id
    assert "profil de remplaçant(e) est vérifié" in outbox.last_to(candidate.email)["Subject"]
    client.post(f"/replacements/pool/{profile.id}/suspend",
                data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    assert profile_of(candidate).status == "suspended"


def test_a_member_checks_only_the_people_it_knows(client, auth, candidate, member_a, member_b,
                                                  establishment_a):
    known = pool.pro_profile(candidate, status="pending", employers=[establishment_a])
    stranger = pool.pro_profile(factories.user("candidate"), status="pending")
    auth.login(member_b)
    assert client.get(f"/replacements/pool/{known.id}").status_code == 404
    own_page = client.get("/replacements/pool").get_data(as_text=True)
    assert client.post(f"/replacements/pool/{known.id}/approve",
                       data={"csrf_token": csrf_token(own_page)}).status_code == 404
    assert profile_of(candidate).status == "pending"
    auth.logout()
    auth.login(member_a)
    listing = client.get("/replacements/pool").get_data(as_text=True)
    assert candidate.last_name in listing and stranger.user.last_name not in listing
    assert client.get(f"/replacements/pool/{stranger.id}").status_code == 404
    assert db.session.scalar(select(AuditEvent.id).where(
        AuditEvent.action == "replacement_profile_view", AuditEvent.object_id == stranger.id)) is None
    page = client.get(f"/replacements/pool/{known.id}").get_data(as_text=True)
    client.post(f"/replacements/pool/{known.id}/approve", data={"csrf_token": csrf_token(page)})
    assert profile_of(candidate).status == "approved"
    assert client.post(f"/replacements/pool/{known.id}/suspend",
                       data={"csrf_token": csrf_token(page)}).status_code == 403


def test_a_member_invites_an_employee(client, auth, member_a, establishment_a, outbox):
    auth.login(member_a)
    response = post(client, "/replacements/pool/invite", {"email": "aes@example.org"})
    assert response.status_code == 302
    body = outbox.body(outbox.last_to("aes@example.org"))
    link = re.search(r"(http\S+/replacements/join\?invite=\S+)", body).group(1)
    auth.logout()
    employee = factories.user("candidate", email="aes@example.org")
    auth.login(employee)
    path = link.split("localhost", 1)[-1].split("127.0.0.1:5000", 1)[-1]
    page = client.get(path).get_data(as_text=True)
    assert "Votre employeur vous a invité(e)" in page
    response = client.post(path, data={**GOOD, "employers": [str(establishment_a.id)],
                                       "csrf_token": csrf_token(page)})
    assert response.status_code == 302
    profile = profile_of(employee)
    assert profile.invited_by_id == establishment_a.id
    assert [e.establishment_id for e in profile.employers] == [establishment_a.id]


def test_a_forged_invitation_is_ignored_with_a_message(client, auth, candidate):
    auth.login(candidate)
    html = client.get("/replacements/join?invite=forged").get_data(as_text=True)
    assert "plus valable" in html


def test_invitation_refused_to_a_pending_establishment(client, auth):
    pending = factories.establishment(status="pending")
    member = factories.user("member", establishment=pending)
    auth.login(member)
    assert client.get("/replacements/pool/invite").status_code == 403


def test_joining_twice_is_refused(app, candidate):
    data = {"occupations": {"J1501"}, "diplomas": set(), "radius_km": 10, "others": [],
            "employers": set(), "mobile_phone": None, "channels": {"mail"},
            "weekly_ceiling_hours": 30}
    from app import communes
    data["home"] = communes.find("61169")
    profiles.join(candidate, data)
    with pytest.raises(profiles.AlreadyInPool):
        profiles.join(candidate, data)
