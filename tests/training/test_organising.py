"""The organiser edits a session until it starts, adds seats, cancels it (issue 19)."""
import html
import re
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.errors import NotAllowed
from app.extensions import db
from app.timeutil import local, local_today, to_utc
from app.training import organising, seats
from app.training.errors import BookingClosed, InvalidSession
from app.training.models import SeatBooking, TrainingSession
from app.training.member_organiser_edit_views import form_data
from app.training.reminders import send_reminders
from tests import factories


@pytest.fixture
def session(establishment_a, member_a):
    return factories.training_session(establishment_a, created_by=member_a, seats_total=6,
                                      seats_open=2, title="Bientraitance au quotidien")


@pytest.fixture
def member_c(app):
    return factories.user("member", establishment=factories.establishment(kind="ssiad"),
                          first_name="Nathalie")


def people(n):
    return [(f"Salarié {i}", "J1501") for i in range(n)]


def fields_of(session, **changes):
    """The service's fields of a session, as the form gives them, with changes."""
    values = {name: getattr(session, name) for name in (
        "title", "theme", "yearly_theme", "provider", "description", "place", "commune",
        "seats_total", "seats_open", "max_per_member", "funding", "registration_deadline",
        "price_cents")}
    values.update(changes)
    return values


def schedule(session):
    return [(day.starts_at, day.ends_at) for day in session.dates]


def posted(session, **overrides):
    """The edit form as the browser sends it back, prefilled from the session."""
    data = {}
    for name, value in form_data(session).items():
        if name == "dates":
            for i, row in enumerate(value):
                data.update({f"dates-{i}-day": row["day"].isoformat(),
                             f"dates-{i}-start": row["start"].strftime("%H:%M"),
                             f"dates-{i}-end": row["end"].strftime("%H:%M")})
        elif value is True:
            data[name] = "y"
        elif value not in (None, False):
            data[name] = str(value)
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- editing ------------------------------------------------------------------------

def test_an_edit_changes_the_session_and_keeps_its_days(session, member_a):
    day_id = session.dates[0].id
    later = [(start + timedelta(days=1), end + timedelta(days=1))
             for start, end in schedule(session)]
    organising.edit(member_a, session.id, fields_of(session, title="Nouveau titre"), later)
    session = db.session.get(TrainingSession, session.id)
    assert session.title == "Nouveau titre" and schedule(session) == later
    assert session.dates[0].id == day_id and session.starts_at == later[0][0]
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.action == "training_edit")) == "training_edit"


def test_adding_seats_promotes_the_waiting_list_in_order(session, member_a, member_b,
                                                         member_c, outbox):
    seats.book(member_b, session.id, people(2))
    second = seats.book(member_c, session.id, people(2))
    third = seats.book(member_b, session.id, people(1))
    assert (second.status, third.status) == ("waiting", "waiting")

    organising.edit(member_a, session.id, fields_of(session, seats_open=4), schedule(session))

    statuses = {b.id: b.status for b in db.session.scalars(select(SeatBooking))}
    assert (statuses[second.id], statuses[third.id]) == ("confirmed", "waiting")
    assert db.session.get(TrainingSession, session.id).seats_taken == 4
    assert "Places confirmées" in outbox.last_to(member_c.email)["Subject"]


def test_seats_cannot_drop_below_those_confirmed(session, member_a, member_b):
    seats.book(member_b, session.id, people(2))
    with pytest.raises(InvalidSession, match="2 places sont déjà confirmées") as refused:
        organising.edit(member_a, session.id, fields_of(session, seats_open=1),
                        schedule(session))
    assert refused.value.field == "seats_open"
    assert db.session.get(TrainingSession, session.id).seats_open == 2


def test_new_dates_or_place_are_mailed_to_the_bookers_only_when_they_change(
        session, member_a, member_b, outbox):
    seats.book(member_b, session.id, people(1))
    organising.edit(member_a, session.id, fields_of(session, title="Autre titre"),
                    schedule(session))
    assert outbox.to(member_b.email) == []
    organising.edit(member_a, session.id, fields_of(session, place="Salle B"),
                    schedule(session))
    mail = outbox.last_to(member_b.email)
    assert "Formation modifiée" in mail["Subject"] and "Salle B" in outbox.body(mail)
    assert re.search(r"\d\d:\d\d – \d\d:\d\d", outbox.body(mail))


def test_a_started_session_is_neither_edited_nor_cancelled(session, member_a):
    with time_machine.travel(session.starts_at + timedelta(minutes=5), tick=False):
        with pytest.raises(InvalidSession, match="a commencé"):
            organising.edit(member_a, session.id, fields_of(session), schedule(session))
        with pytest.raises(InvalidSession, match="a commencé"):
            organising.cancel_session(member_a, session.id)


def test_another_establishment_does_not_edit_nor_cancel(session, member_b):
    with pytest.raises(NotAllowed):
        organising.edit(member_b, session.id, fields_of(session), schedule(session))
    with pytest.raises(NotAllowed):
        organising.cancel_session(member_b, session.id)
    assert db.session.get(TrainingSession, session.id).is_published


def test_a_deadline_already_passed_may_be_kept(session, member_a):
    with time_machine.travel(session.starts_at - timedelta(days=1), tick=False):
        organising.edit(member_a, session.id, fields_of(session, title="Titre corrigé"),
                        schedule(session))
        with pytest.raises(InvalidSession, match="déjà passée"):
            organising.edit(member_a, session.id, fields_of(
                session, registration_deadline=session.registration_deadline
                - timedelta(days=1)), schedule(session))
    assert db.session.get(TrainingSession, session.id).title == "Titre corrigé"


# --- cancelling ---------------------------------------------------------------------

def test_cancelling_releases_every_seat_and_tells_each_booker(session, member_a, member_b,
                                                              member_c, outbox):
    confirmed = seats.book(member_b, session.id, people(2))
    waiting = seats.book(member_c, session.id, people(1))
    released = organising.cancel_session(member_a, session.id, "Formateur malade.")
    assert {b.id for b in released} == {confirmed.id, waiting.id}
    session = db.session.get(TrainingSession, session.id)
    assert session.status == "cancelled" and session.seats_taken == 0
    assert {b.status for b in session.bookings} == {"cancelled"}
    for member in (member_b, member_c):
        mail = outbox.last_to(member.email)
        assert "Formation annulée" in mail["Subject"]
        assert "Formateur malade." in outbox.body(mail)
    with pytest.raises(BookingClosed):
        seats.book(member_b, session.id, people(1))
    with pytest.raises(InvalidSession, match="Annulée"):
        organising.cancel_session(member_a, session.id)


# --- pages --------------------------------------------------------------------------

def test_the_edit_page_is_prefilled_and_saves(client, auth, member_a, session):
    auth.login(member_a)
    page = client.get(f"/training/{session.id}/edit").text
    assert 'value="Bientraitance au quotidien"' in page
    start = local(session.starts_at).strftime("%H:%M")
    assert f'value="{start}"' in page
    response = client.post(f"/training/{session.id}/edit",
                           data=posted(session, title="Bientraitance, 2e édition"))
    assert response.status_code == 302
    assert db.session.get(TrainingSession, session.id).title == "Bientraitance, 2e édition"


def test_a_bad_edit_gets_its_message_at_the_field(client, auth, member_a, member_b,
                                                  session):
    seats.book(member_b, session.id, people(2))
    auth.login(member_a)
    response = client.post(f"/training/{session.id}/edit",
                           data=posted(session, seats_open="1", title="Changé"))
    assert response.status_code == 400
    assert "déjà confirmées" in response.text
    assert db.session.get(TrainingSession, session.id).title == "Bientraitance au quotidien"


def test_cancel_asks_for_confirmation_first(client, auth, member_a, member_b, session,
                                            outbox):
    seats.book(member_b, session.id, people(1))
    auth.login(member_a)
    assert "Modifier ou ajouter des places" in client.get(f"/training/{session.id}").text
    page = client.get(f"/training/{session.id}/cancel").text
    assert "1 réservation sera annulée" in page
    assert db.session.get(TrainingSession, session.id).is_published
    response = client.post(f"/training/{session.id}/cancel", data={"message": "Reportée."})
    assert response.status_code == 302
    assert db.session.get(TrainingSession, session.id).is_cancelled
    auth.logout()
    auth.login(member_b)
    detail = client.get(f"/training/{session.id}")
    assert detail.status_code == 200 and "est annulée" in detail.text
    assert "Réserver des places" not in detail.text


def test_a_waiting_booking_says_so_with_its_position(client, auth, member_b, member_c,
                                                     session):
    seats.book(member_c, session.id, people(2))
    seats.book(member_c, session.id, people(1))
    auth.login(member_b)
    response = client.post(f"/training/{session.id}/book", follow_redirects=True, data={
        "attendees-0-name": "Lucie Martin", "attendees-0-occupation": "K1302"})
    assert "flash-warning" in response.text
    assert "liste d'attente, en position 2" in html.unescape(response.text)


def test_the_session_page_explains_seats_held_for_the_head_of_the_queue(
        client, auth, member_b, member_c, session):
    seats.book(member_c, session.id, people(1))
    seats.book(member_c, session.id, people(2))   # waits: one seat left, two asked
    auth.login(member_b)
    page = html.unescape(client.get(f"/training/{session.id}").text)
    assert "1 place est libre, mais elle revient d'abord" in page
    assert "(2 places demandées)" in page
    assert "S'inscrire sur la liste d'attente" in page


# --- reminders ----------------------------------------------------------------------

def test_the_reminder_says_the_real_delay_and_reads_hours(establishment_a, member_b, outbox):
    soon = factories.training_session(establishment_a, days_ahead=5, title="Dans cinq")
    factories.seat_booking(soon, member_b)
    days = (local(soon.starts_at).date() - local_today()).days
    assert send_reminders() == 1
    mail = outbox.last_to(member_b.email)
    assert f"dans {days} jours" in mail["Subject"] and "une semaine" not in mail["Subject"]
    assert local(soon.starts_at).strftime("%H:%M") in outbox.body(mail)
