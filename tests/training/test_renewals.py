"""Training renews credentials (issue 18): the credential a session grants, the sessions
a person needs, the member's one-step booking for its people, renewal at attendance."""
from sqlalchemy import select

from app.extensions import db
from app.training.models import TrainingSession
from tests.training.test_sessions import form_data, session_count


def test_a_session_declares_the_credential_it_renews(client, auth, member_a):
    auth.login(member_a)
    assert client.post("/training/new", data=form_data(grants_credential="AFGSU2")
                       ).status_code == 302
    session = db.session.scalar(select(TrainingSession))
    assert session.grants_credential == "AFGSU2"
    assert "AFGSU niveau 2" in client.get(f"/training/{session.id}").text


def test_a_session_without_credential_stores_none(client, auth, member_a):
    auth.login(member_a)
    client.post("/training/new", data=form_data(grants_credential=""))
    assert db.session.scalar(select(TrainingSession)).grants_credential is None


def test_an_unknown_credential_is_refused_at_its_field(client, auth, member_a):
    auth.login(member_a)
    response = client.post("/training/new", data=form_data(grants_credential="BAFA"))
    assert response.status_code == 400 and "Not a valid choice" not in response.text
    assert session_count() == 0
