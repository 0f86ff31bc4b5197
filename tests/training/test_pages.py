"""The members' pages: the list by month, booking, cancelling, the organiser's pages."""
import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.training import seats
from app.timeutil import local_today as today
from app.training.models import Attendee, SeatBooking
from tests import factories


@pytest.fixture
def session(establishment_a, member_a):
    return factories.training_session(establishment_a, created_by=member_a, seats_open=2,
                                      title="Bientraitance au quotidien")


def attendees(*names):
    data = {}
    for i, name in enumerate(names):
        data[f"attendees-{i}-name"] = name
        data[f"attendees-{i}-occupation"] = "K1302"
    return data


def test_the_list_shows_months_seats_left_and_filters(client, auth, member_b, session,
                                                      establishment_a):
    other = factories.training_session(establishment_a, days_ahead=70, theme="simulateur",
                                       commune="Flers", title="Simulateur à Flers")
    factories.training_session(establishment_a, status="pending", published_at=None,
                               title="Pas encore validée")
    auth.login(member_b)
    page = client.get("/training/").text
    assert session.title in page and other.title in page and "Pas encore validée" not in page
    assert "2 places restantes" in page
    assert client.get("/training/?theme=simulateur").text.count("Bientraitance au") == 0
    assert session.title not in client.get("/training/?place=flers").text
    since = (today() + timedelta(days=60)).isoformat()
    filtered = client.get(f"/training/?since={since}").text
    assert other.title in filtered and session.title not in filtered
    assert client.get("/training/?since=pas-une-date").status_code == 200


def test_a_member_books_seats_for_named_employees(client, auth, member_b, session):
    auth.login(member_b)
    response = client.post(f"/training/{session.id}/book",
                           data=attendees("Lucie Martin", "Paul Girard"))
    assert response.status_code == 302
    booking = db.session.scalar(select(SeatBooking))
    assert (booking.status, booking.seats, booking.establishment_id) == (
        "confirmed", 2, member_b.establishment_id)
    page = client.get("/training/bookings").text
    assert "Lucie Martin" in page and "Confirmée" in page


@pytest.mark.parametrize("data, message", [
    ({}, "au moins un(e) salarié(e)"),
    ({"attendees-0-name": "Lucie Martin"}, "le nom et le métier"),
    (attendees("A", "B", "C"), "n&#39;ouvre que 2 places"),
])
def test_bad_bookings_get_a_french_message(client, auth, member_b, session, data, message):
    auth.login(member_b)
    response = client.post(f"/training/{session.id}/book", data=data)
    assert response.status_code == 400
    assert message in response.text.replace("'", "&#39;")
    assert db.session.scalar(select(SeatBooking)) is None


def test_a_member_cancels_its_own_booking_after_confirming(client, auth, member_b, session):
    booking = seats.book(member_b, session.id, [("Lucie Martin", "K1302")])
    auth.login(member_b)
    assert "Oui, annuler" in client.get(f"/training/bookings/{booking.id}/cancel").text
    client.post(f"/training/bookings/{booking.id}/cancel")
    db.session.refresh(booking)
    assert booking.status == "cancelled"


def test_another_member_s_booking_answers_404(client, auth, member_a, member_b, session):
    booking = seats.book(member_b, session.id, [("Lucie Martin", "K1302")])
    auth.login(member_a)
    assert client.post(f"/training/bookings/{booking.id}/cancel").status_code == 404
    assert "Lucie Martin" not in client.get("/training/bookings").text
    db.session.refresh(booking)
    assert booking.status == "confirmed"


def test_the_organiser_sees_bookings_and_exports_them(client, auth, member_a, member_b,
                                                      session):
    seats.book(member_b, session.id, [("=HYPERLINK(1)", "J1501"), ("Paul Girard", "J1506")])
    seats.book(member_b, session.id, [("Anne Lefort", "J1501")])
    auth.login(member_a)
    page = client.get(f"/training/{session.id}/bookings").text
    assert "Paul Girard" in page and "Anne Lefort" in page
    response = client.get(f"/training/{session.id}/bookings.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:4] == ["Établissement", "Réservé par", "Statut", "Salarié(e)"]
    assert rows[1][2:5] == ["Confirmée", "'=HYPERLINK(1)", "Aide-soignant(e)"]
    assert rows[3][2:4] == ["Liste d'attente", "Anne Lefort"]
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.actor_id == member_a.id, AuditEvent.action == "training_export"))
    sheet = client.get(f"/training/{session.id}/sheet").text
    assert "Paul Girard" in sheet and "Anne Lefort" not in sheet and "Signature" in sheet


def test_attendance_is_recorded_once_the_session_started(client, auth, member_a, member_b,
                                                         establishment_a):
    session = factories.training_session(establishment_a, created_by=member_a,
                                         days_ahead=-1, registration_deadline=today())
    booking = factories.seat_booking(session, member_b, names=("Lucie Martin", "Paul Girard"))
    present, absent = booking.attendees
    auth.login(member_a)
    assert "Lucie Martin" in client.get(f"/training/{session.id}/attendance").text
    client.post(f"/training/{session.id}/attendance", data={"present": [str(present.id)]})
    db.session.expire_all()
    assert db.session.get(Attendee, present.id).attended is True
    assert db.session.get(Attendee, absent.id).attended is False


def test_attendance_cannot_be_recorded_before_the_session(client, auth, member_a, member_b,
                                                          session):
    booking = factories.seat_booking(session, member_b)
    auth.login(member_a)
    response = client.post(f"/training/{session.id}/attendance",
                           data={"present": [str(booking.attendees[0].id)]},
                           follow_redirects=True)
    assert "une fois la session commencée" in response.text
    assert db.session.get(Attendee, booking.attendees[0].id).attended is None


def test_cancelling_one_named_employee_through_the_page(client, auth, member_b, session):
    booking = seats.book(member_b, session.id, [("Lucie Martin", "K1302"),
                                                ("Paul Girard", "K1302")])
    other = seats.book(member_b, session.id, [("Anne Lefort", "K1302")])
    lucie = booking.attendees[0].id
    auth.login(member_b)
    url = f"/training/bookings/{booking.id}/cancel"
    assert "Lucie Martin" in client.get(f"{url}?attendee={lucie}").text
    assert client.get(f"{url}?attendee={other.attendees[0].id}").status_code == 404
    client.post(url, data={"attendee": lucie})
    db.session.expire_all()
    assert [a.name for a in db.session.get(SeatBooking, booking.id).attendees] == ["Paul Girard"]
