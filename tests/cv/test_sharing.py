"""A member shares a CV it received; the candidate consents, refuses or takes it over."""
import re

from sqlalchemy import select

from app.auth.models import User
from app.cv.models import CandidateProfile
from app.extensions import db
from tests import factories
from tests.cv.conftest import upload


def share(client, email="paul.martin@example.org"):
    return upload(client, factories.pdf_bytes("Paul Martin, ASH"), url="/cv/share",
                  email=email, occupation="J1301", agreed="y")


def consent_link(outbox, email="paul.martin@example.org"):
    return re.search(r"http://localhost(/cv/consent/\S+)", outbox.body(outbox.last_to(email))).group(1)


def test_until_consent_only_the_sharing_establishment_sees_it(client, auth, member_a, member_b,
                                                              outbox):
    auth.login(member_a)
    assert share(client).status_code == 302
    profile = db.session.scalar(select(CandidateProfile))
    assert profile.awaiting_consent and profile.shared_by_establishment_id == member_a.establishment_id
    assert client.get(f"/cv/{profile.id}/file").status_code == 200
    assert "paul.martin@example.org" in client.get("/cv/share").text
    auth.logout()
    auth.login(member_b)
    assert client.get(f"/cv/{profile.id}").status_code == 404
    assert consent_link(outbox)


def test_refusal_deletes_the_cv(client, auth, member_a, outbox, stored):
    auth.login(member_a)
    share(client)
    auth.logout()
    link = consent_link(outbox)
    assert client.get(link).status_code == 200
    client.post(f"{link}/refuse")
    assert db.session.scalar(select(CandidateProfile)) is None and stored() == []
    assert client.get(link).status_code == 404


def test_consent_then_take_over_as_an_account(client, auth, member_a, staff, outbox):
    auth.login(member_a)
    share(client)
    auth.logout()
    link = consent_link(outbox)
    response = client.post(f"{link}/accept")
    profile = db.session.scalar(select(CandidateProfile))
    assert profile.share_status == "consented" and profile.visibility == "members"
    assert profile.consent_at is not None and profile.moderation == "pending"
    claim = response.headers["Location"]
    client.post(claim, data={"first_name": "Paul", "last_name": "Martin",
                             "password": "les pommes du bocage",
                             "confirm": "les pommes du bocage"})
    user = db.session.scalar(select(User).where(User.email == "paul.martin@example.org"))
    db.session.refresh(profile)
    assert user.role == "candidate" and profile.user_id == user.id
    assert profile.contact_email is None and profile.shared_by_establishment_id is None
    assert "Paul Martin" in client.get("/cv/me").text or "ASH" in client.get("/cv/me").text


def test_a_refused_share_upload_writes_nothing(client, auth, member_a, stored):
    auth.login(member_a)
    response = upload(client, b"<html></html>", url="/cv/share", email="a@example.org",
                      occupation="J1301", agreed="y")
    assert response.status_code == 400 and stored() == []
    assert db.session.scalar(select(CandidateProfile)) is None


def test_an_old_consent_link_never_opens_a_later_cv(client, auth, member_a, outbox):
    auth.login(member_a)
    share(client, email="alice@example.org")
    old_link = consent_link(outbox, "alice@example.org")
    auth.logout()
    client.post(f"{old_link}/refuse")
    auth.login(member_a)
    share(client, email="bob@example.org")  # may reuse the deleted profile's id
    auth.logout()
    assert client.get(old_link).status_code == 404
    assert client.post(f"{old_link}/accept").status_code == 404
    bob = db.session.scalar(select(CandidateProfile))
    assert bob.contact_email == "bob@example.org" and bob.share_status == "awaiting"
