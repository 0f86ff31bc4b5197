"""Who may see which CV; every view and download is logged before anything is sent."""
import pytest
from sqlalchemy import func, select

from app.cv.models import CvAccess
from app.extensions import db
from tests import factories


def accesses():
    return db.session.scalars(select(CvAccess).order_by(CvAccess.id)).all()


@pytest.fixture
def profiles(candidate, establishment_a, member_a):
    """One profile in each state a member might try to reach."""
    return {
        "bank": factories.cv_profile(),
        "hidden": factories.cv_profile(in_bank=False),
        "pending": factories.cv_profile(moderation="pending"),
        "withdrawn": factories.cv_profile(visibility="hidden"),
        "own": factories.cv_profile(candidate, in_bank=False),
        "shared_by_a": factories.cv_profile(
            None, in_bank=False, contact_email="paul@example.org", share_status="awaiting",
            shared_by_id=member_a.id, shared_by_establishment_id=establishment_a.id),
    }


SEEN = {
    "candidate": {"own"},
    "member_a": {"bank", "shared_by_a"},
    "member_b": {"bank"},
    "staff": {"bank", "hidden", "pending", "withdrawn", "own", "shared_by_a"},
}


@pytest.mark.parametrize("role", sorted(SEEN))
def test_walking_the_ids_shows_only_what_the_role_may_see(client, auth, request, profiles, role):
    auth.login(request.getfixturevalue(role))
    top = max(p.id for p in profiles.values()) + 3
    by_id = {p.id: name for name, p in profiles.items()}
    for profile_id in range(1, top):
        for suffix in ("", "/file"):
            response = client.get(f"/cv/{profile_id}{suffix}")
            allowed = by_id.get(profile_id) in SEEN[role]
            assert response.status_code == (200 if allowed else 404), (profile_id, suffix)


def test_a_download_is_logged_before_the_file_and_sent_safely(client, auth, member_b, profiles,
                                                              monkeypatch):
    from app.cv import member_bank_views as bank_views
    seen_at_send = []
    real_send = bank_views.send_file

    def spy(*args, **kwargs):
        seen_at_send.append(len(accesses()))
        return real_send(*args, **kwargs)

    monkeypatch.setattr(bank_views, "send_file", spy)
    auth.login(member_b)
    response = client.get(f"/cv/{profiles['bank'].id}/file")
    assert seen_at_send == [1]
    assert response.data.startswith(b"%PDF-")
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.mimetype == "application/pdf"


def test_views_and_downloads_are_listed_for_the_candidate(client, auth, candidate, member_b,
                                                          staff):
    profile = factories.cv_profile(candidate)
    auth.login(member_b)
    client.get(f"/cv/{profile.id}")
    client.get(f"/cv/{profile.id}/file")
    auth.logout()
    auth.login(staff)
    client.get(f"/cv/{profile.id}")
    logged = accesses()
    assert [(a.kind, a.viewer_id) for a in logged] == [
        ("view", member_b.id), ("download", member_b.id), ("view", staff.id)]
    assert logged[0].establishment_name == "Bocage Aide à Domicile"
    auth.logout()
    auth.login(candidate)
    client.get(f"/cv/{profile.id}")
    client.get(f"/cv/{profile.id}/file")
    assert db.session.scalar(select(func.count(CvAccess.id))) == 3, "own views are not logged"
    page = client.get("/cv/me/views").text
    assert "Qui a consulté mon CV" in page
    assert member_b.full_name in page and "Bocage Aide à Domicile" in page
    assert "Téléchargement du CV" in page and staff.full_name in page


def test_refused_views_are_not_logged(client, auth, candidate, profiles):
    auth.login(candidate)
    client.get(f"/cv/{profiles['bank'].id}/file")
    assert accesses() == []


def test_members_filter_the_bank_in_sql(client, auth, member_a):
    from datetime import date
    nurse = factories.cv_profile(headline="Infirmière de coordination", occupations=["J1506"],
                                 diplomas=["DEI"], contracts=["cdi"], communes="Flers",
                                 available_from=date(2026, 3, 1))
    carer = factories.cv_profile(headline="Auxiliaire de vie à domicile", occupations=["K1302"],
                                 diplomas=["ADVF"], contracts=["cdd"], communes="Vire Normandie",
                                 available_from=date(2026, 9, 1))
    factories.cv_profile(headline="Profil masqué", occupations=["J1506"], visibility="hidden")
    auth.login(member_a)

    def shown(query):
        page = client.get(f"/cv/?{query}").text
        return {name for name, p in (("nurse", nurse), ("carer", carer))
                if f'href="/cv/{p.id}"' in page} | ({"hidden"} if "Profil masqué" in page else set())

    assert shown("") == {"nurse", "carer"}
    assert shown("occupation=J1506") == {"nurse"}
    assert shown("diploma=ADVF") == {"carer"}
    assert shown("contract=cdi") == {"nurse"}
    assert shown("commune=vire") == {"carer"}
    assert shown("available_from=2026-04-01") == {"nurse"}
    assert client.get("/cv/?occupation=<script>").status_code == 200


def test_a_member_contacts_the_candidate_by_mail(client, auth, candidate, member_a, outbox):
    profile = factories.cv_profile(candidate)
    auth.login(member_a)
    response = client.post(f"/cv/{profile.id}/contact",
                           data={"message": "Un poste de nuit se libère à Vire."})
    assert response.status_code == 302
    body = outbox.body(outbox.last_to(candidate.email))
    assert "Un poste de nuit se libère à Vire." in body and member_a.email in body
    assert client.post(f"/cv/{profile.id}/contact", data={"message": "<b>"}).status_code == 400
