"""Staff reset the factors of a user who lost them: confirmed, audited, sessions ended."""
import pytest
import time_machine
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.auth.models import User
from app.extensions import db
from app.mfa import policy
from app.mfa.models import Passkey, RecoveryCode, TotpFactor
from tests.mfa.helpers import T0, enrol, passkey


@pytest.fixture
def enrolled(member_a):
    with time_machine.travel(T0, tick=False):
        enrol(member_a, T0)
    passkey(member_a)
    return member_a


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_staff_page_asks_for_confirmation(client, auth, staff, enrolled):
    auth.login(staff)
    page = client.get(f"/staff/users/{enrolled.id}")
    assert f"/staff/users/{enrolled.id}/second-factor" in page.text
    page = client.get(f"/staff/users/{enrolled.id}/second-factor")
    assert page.status_code == 200 and "Confirmer la réinitialisation" in page.text
    assert count(TotpFactor) == 1  # looking changes nothing


def test_reset_removes_every_factor_and_ends_sessions(app, client, auth, staff, enrolled):
    token = enrolled.session_token
    auth.login(staff)
    response = client.post(f"/staff/users/{enrolled.id}/second-factor")
    assert response.headers["Location"] == f"/staff/users/{enrolled.id}"
    assert (count(TotpFactor), count(Passkey), count(RecoveryCode)) == (0, 0, 0)
    assert db.session.get(User, enrolled.id).session_token != token
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "mfa_reset"))
    assert (event.actor_id, event.object_id) == (staff.id, enrolled.id)
    assert event.details == {"totp_factor": 1, "passkey": 1, "recovery_code": 10}
    assert not policy.has_factor(enrolled.id)


def test_staff_cannot_reset_their_own(client, auth, staff):
    auth.login(staff)
    response = client.post(f"/staff/users/{staff.id}/second-factor", follow_redirects=True)
    assert "doit réinitialiser votre double authentification" in response.text


def test_an_unknown_user_answers_404(client, auth, staff):
    auth.login(staff)
    assert client.get("/staff/users/999999/second-factor").status_code == 404


def test_the_operator_resets_from_the_command_line(runner, enrolled):
    result = runner.invoke(args=["mfa", "reset", "--email", enrolled.email.upper()])
    assert result.exit_code == 0, result.output
    assert not policy.has_factor(enrolled.id)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "mfa_reset"))
    assert event.actor_id is None and event.object_id == enrolled.id
    assert runner.invoke(args=["mfa", "reset", "--email", "nobody@example.org"]).exit_code == 1
