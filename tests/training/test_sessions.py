"""Publishing a session and its moderation, through the pages and the services."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.extensions import db
from app.timeutil import local_today as today
from app.training.models import TrainingSession
from tests import factories


def form_data(**overrides):
    """A valid session form: two days a week apart, in a month."""
    first, second = today() + timedelta(days=30), today() + timedelta(days=37)
    data = {"title": "Simulateur de vieillissement", "theme": "simulateur",
            "yearly_theme": "y", "provider": "Formavie Normandie",
            "description": "Enfiler le simulateur pour comprendre la personne âgée.",
            "dates-0-day": first.isoformat(), "dates-0-start": "09:00",
            "dates-0-end": "17:00", "dates-1-day": second.isoformat(),
            "dates-1-start": "09:00", "dates-1-end": "12:30",
            "place": "Salle polyvalente, EHPAD Les Tilleuls", "commune": "Vire Normandie",
            "seats_total": "12", "seats_open": "6", "max_per_member": "2", "price": "0",
            "funding": "OPCO Santé",
            "registration_deadline": (first - timedelta(days=7)).isoformat()}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def session_count():
    return db.session.scalar(select(func.count()).select_from(TrainingSession))


def test_a_member_submits_a_session_for_moderation(client, auth, member_a):
    auth.login(member_a)
    response = client.post("/training/new", data=form_data())
    assert response.status_code == 302
    session = db.session.scalar(select(TrainingSession))
    assert (session.status, session.organiser_id) == ("pending", member_a.establishment_id)
    assert session.yearly_theme and session.funding == "OPCO Santé"
    assert len(session.dates) == 2 and session.dates[0].starts_at.hour == 8  # 9:00 in Paris
    assert session.starts_at == session.dates[0].starts_at
    assert session.ends_at == session.dates[1].ends_at
    assert session.price_cents is None and session.is_free


def test_staff_publish_the_association_s_sessions_at_once(client, auth, staff):
    auth.login(staff)
    client.post("/training/new", data=form_data(price="45.50"))
    session = db.session.scalar(select(TrainingSession))
    assert (session.status, session.organiser_id, session.price_cents) == ("published", None, 4550)
    assert "L'association" in client.get(f"/training/{session.id}").text


PAST = (today() - timedelta(days=2)).isoformat()


@pytest.mark.parametrize("overrides, message", [
    ({"seats_total": "0"}, "Entre 1 et 500 places"),
    ({"seats_open": "-3"}, "Entre 1 et 500 places"),
    ({"seats_open": "20"}, "ne peuvent dépasser le nombre total"),
    ({"dates-0-day": PAST, "dates-1-day": None, "dates-1-start": None, "dates-1-end": None,
      "registration_deadline": PAST}, "dans le passé"),
    ({"dates-0-end": "08:00"}, "heure de fin doit suivre"),
    ({"dates-0-day": (today() + timedelta(days=40)).isoformat()}, "ordre chronologique"),
    ({"registration_deadline": (today() + timedelta(days=31)).isoformat()},
     "doit précéder le premier jour"),
    ({"registration_deadline": PAST}, "déjà passée"),
    ({"dates-0-day": None, "dates-1-day": None}, "au moins une date"),
    ({"dates-0-start": None}, "Indiquez le jour"),
    ({"title": "<b>Formation</b>"}, "ne sont pas acceptés"),
])
def test_bad_input_gets_a_french_message_and_saves_nothing(client, auth, member_a,
                                                            overrides, message):
    auth.login(member_a)
    response = client.post("/training/new", data=form_data(**overrides))
    assert response.status_code == 400
    assert message in response.text
    assert session_count() == 0


def test_candidates_and_pending_establishments_cannot_publish(client, auth, candidate):
    pending_member = factories.user("member", establishment=factories.establishment(
        status="pending"))
    for user in (candidate, pending_member):
        auth.login(user)
        assert client.post("/training/new", data=form_data()).status_code == 403
        auth.logout()
    assert session_count() == 0


@pytest.fixture
def pending(establishment_a, member_a):
    return factories.training_session(establishment_a, created_by=member_a,
                                      status="pending", published_at=None)


def test_staff_approve_a_pending_session(client, auth, staff, pending, member_a, outbox):
    auth.login(staff)
    assert pending.title in client.get("/staff/").text
    client.post(f"/staff/queue/training/{pending.id}/approve")
    db.session.refresh(pending)
    assert pending.status == "published" and pending.published_at is not None
    assert "Formation publiée" in outbox.last_to(member_a.email)["Subject"]
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.object_id == pending.id, AuditEvent.object_type == "TrainingSession")) \
        == "training_approve"
    response = client.post(f"/staff/queue/training/{pending.id}/approve", follow_redirects=True)
    assert "vient de traiter" in response.text


def test_staff_reject_with_a_coded_reason(client, auth, staff, pending, member_a, outbox):
    auth.login(staff)
    client.post(f"/staff/queue/training/{pending.id}/reject", data={
        f"training-{pending.id}-reason": "duplicate",
        f"training-{pending.id}-comment": "Même session que le 12."})
    db.session.refresh(pending)
    assert (pending.status, pending.rejection_reason) == ("rejected", "duplicate")
    assert "Doublon" in outbox.body(outbox.last_to(member_a.email))


def test_a_rejection_needs_a_known_reason(client, auth, staff, pending):
    auth.login(staff)
    response = client.post(f"/staff/queue/training/{pending.id}/reject", data={
        f"training-{pending.id}-reason": "nope", f"training-{pending.id}-comment": "Non."})
    assert response.status_code == 400
    db.session.refresh(pending)
    assert pending.status == "pending"
