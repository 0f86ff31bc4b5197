"""The staff setting "second factor required", and enrolment before anything else."""
import pytest
import time_machine
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.mfa import policy, totp
from tests.mfa.helpers import T0, code, turn_on_requirement


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def test_off_by_default(app):
    assert policy.setting(policy.REQUIRED) is False


def test_staff_turn_it_on_in_the_back_office_audited(client, auth, staff):
    auth.login(staff)
    assert client.get("/staff/settings/security").status_code == 200
    response = client.post("/staff/settings/security", data={"mfa_required": "y"})
    assert response.status_code == 302
    assert policy.setting(policy.REQUIRED) is True
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "setting_change"))
    assert (event.actor_id, event.details) == (staff.id, {
        "setting": "mfa_required", "before": False, "after": True})


def test_a_member_without_factor_enrols_before_anything_else(clock, client, auth, staff,
                                                              member_a):
    turn_on_requirement(staff)
    assert auth.login(member_a).status_code == 302
    for path in ("/", "/members/team", "/cv/", "/pool/mine", "/auth/password"):
        response = client.get(path)
        assert (response.status_code, response.headers["Location"]) == (302, "/auth/2fa"), path
    assert client.get("/auth/2fa").status_code == 200
    assert client.get("/auth/2fa/totp").status_code == 200
    secret = totp.secret_of(totp.factor_of(member_a.id, confirmed=False))
    response = client.post("/auth/2fa/totp", data={"code": code(secret, T0)})
    assert response.status_code == 200 and "Vos codes de secours" in response.text
    assert client.get("/members/team").status_code == 200


def test_a_session_open_when_it_turns_on_is_sent_to_enrolment(client, auth, staff, member_a):
    auth.login(member_a)
    assert client.get("/members/team").status_code == 200
    turn_on_requirement(staff)
    assert client.get("/members/team").headers["Location"] == "/auth/2fa"


def test_staff_are_obliged_too(client, auth, staff):
    turn_on_requirement(staff)
    auth.login(staff)
    assert client.get("/staff/").headers["Location"] == "/auth/2fa"


def test_candidates_are_not_obliged(client, auth, staff, candidate):
    turn_on_requirement(staff)
    auth.login(candidate)
    assert client.get("/cv/me").status_code == 200


def test_an_invited_member_enrols_first(client, staff, member_a):
    from app.auth import tokens
    turn_on_requirement(staff)
    token = tokens.make("invite", {"email": "nouveau@example.org",
                                   "est": member_a.establishment_id})
    client.post(f"/auth/invitation/{token}", data={
        "first_name": "Léa", "last_name": "Martin", "password": "les pommes du bocage",
        "confirm": "les pommes du bocage"})
    assert client.get("/members/team").headers["Location"] == "/auth/2fa"


def test_the_enrolment_code_must_be_right(clock, client, auth, member_a):
    auth.login(member_a)
    client.get("/auth/2fa/totp")
    response = client.post("/auth/2fa/totp", data={"code": "abc"})
    assert response.status_code == 400 and "Code incorrect" in response.text
    assert totp.factor_of(member_a.id) is None
