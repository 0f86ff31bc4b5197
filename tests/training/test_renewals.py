"""Training renews credentials (issue 18): the credential a session grants, the sessions
a person needs, the member's one-step booking for its people, renewal at attendance."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.credentials.models import Credential
from app.extensions import db
from app.replacements.models import ProfileEmployer
from app.timeutil import local, local_today as today, utcnow
from app.training import attendance, renewals, seats
from app.training.models import Attendee, SeatBooking, TrainingSession
from tests import factories
from tests.credentials.factories import credential
from tests.replacements.factories import mine_assignment, mine_mission, mine_profile
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


# --- who needs which renewal, and the sessions that renew it --------------------------




def afgsu2(holder, expires_in_days, verified=True):
    """An AFGSU 2 of `holder` lapsing in `expires_in_days` (negative: already lapsed)."""
    expires = today() + timedelta(days=expires_in_days)
    return credential(holder, type="AFGSU2", obtained_on=expires.replace(year=expires.year - 4),
                      expires_on=expires, with_proof=False,
                      **({"verified_at": utcnow(), "verified_by_name": "Sophie"} if verified
                         else {}))


def renewing(organiser, kind="AFGSU2", **fields):
    return factories.training_session(organiser, grants_credential=kind, **fields)


@pytest.fixture
def aes(establishment_a):
    """Inès, of the pool, who names establishment A as her employer."""
    person = factories.user("candidate", first_name="Inès", last_name="Morel")
    profile = mine_profile(person, commit=False)
    profile.employers.append(ProfileEmployer(establishment_id=establishment_a.id))
    db.session.commit()
    return person




@pytest.mark.parametrize("days, due", [(-10, True), (30, True), (180, True), (200, False)])
def test_a_credential_is_due_within_six_months_or_expired(candidate, days, due):
    afgsu2(candidate, days)
    assert ("AFGSU2" in renewals.due(candidate_wallet(candidate), today())) is due


def candidate_wallet(holder):
    return db.session.scalars(select(Credential).where(Credential.holder_id == holder.id)).all()


def test_a_newer_credential_of_the_same_type_is_not_due(candidate):
    afgsu2(candidate, 20)
    afgsu2(candidate, 4 * 365)
    credential(candidate, type="DEAS", with_proof=False)  # a diploma never lapses
    assert renewals.due(candidate_wallet(candidate), today()) == {}


def test_the_holder_sees_formations_pour_vous(client, auth, candidate, establishment_b):
    afgsu2(candidate, 40)
    session = renewing(establishment_b, title="AFGSU 2 — recyclage")
    other = factories.training_session(establishment_b, title="Bientraitance au quotidien")
    auth.login(candidate)
    page = client.get("/credentials/").text
    assert "Formations pour vous" in page and session.title in page
    assert other.title not in page


def test_no_formations_pour_vous_without_a_credential_due(client, auth, candidate,
                                                           establishment_b):
    afgsu2(candidate, 400)
    renewing(establishment_b, title="AFGSU 2 — recyclage")
    renewing(establishment_b, kind="SST", title="SST — maintien des acquis")
    auth.login(candidate)
    page = client.get("/credentials/").text
    assert "Formations pour vous" not in page


def test_the_next_session_granting_a_credential(establishment_b):
    assert renewals.next_session_granting("AFGSU2") is None
    renewing(establishment_b, days_ahead=2, registration_deadline=today() - timedelta(days=1))
    later = renewing(establishment_b, days_ahead=60)
    assert renewals.next_session_granting("AFGSU2") == later
    sooner = renewing(establishment_b, days_ahead=20)
    renewing(establishment_b, kind="SST", days_ahead=10)
    assert renewals.next_session_granting("AFGSU2") == sooner


def test_a_session_past_its_deadline_is_not_proposed(candidate, establishment_b):
    afgsu2(candidate, 40)
    renewing(establishment_b, days_ahead=2, registration_deadline=today() - timedelta(days=1))
    assert renewals.for_you(candidate) == []


def test_the_people_of_a_member(establishment_a, establishment_b, aes):
    invited = mine_profile(invited_by_id=establishment_a.id)
    worked = mine_profile()
    mine_assignment(mine_mission(establishment_a, utcnow() - timedelta(days=9), status="done"),
                    worked, status="done")
    booked_only = mine_profile()
    mine_assignment(mine_mission(establishment_a, utcnow() + timedelta(days=9), status="filled"),
                    booked_only, status="booked")
    elsewhere = mine_profile(invited_by_id=establishment_b.id)
    ids = {person.id for person in renewals.people_of(establishment_a.id)}
    assert ids == {aes.id, invited.user_id, worked.user_id}
    assert elsewhere.user_id not in ids and booked_only.user_id not in ids


# --- the member's one-step booking ------------------------------------------------------

def test_the_member_books_its_people_in_one_step(client, auth, member_a, establishment_a,
                                                  establishment_b, aes):
    colleague = mine_profile(invited_by_id=establishment_a.id)
    afgsu2(aes, 25)
    afgsu2(colleague.user, -3)
    session = renewing(establishment_b, seats_open=4)
    auth.login(member_a)
    page = client.get("/training/renewals").text
    assert "Inès" in page and colleague.user.full_name in page and session.title in page
    response = client.post("/training/renewals", data={
        "attendees": [str(aes.id), str(colleague.user_id)], "session": str(session.id)})
    assert response.status_code == 302
    booking = db.session.scalar(select(SeatBooking))
    assert (booking.status, booking.seats, booking.establishment_id) == (
        "confirmed", 2, establishment_a.id)
    assert {a.person_id for a in booking.attendees} == {aes.id, colleague.user_id}
    assert db.session.get(TrainingSession, session.id).seats_taken == 2


def test_a_full_session_puts_the_people_on_the_waiting_list(client, auth, member_a, member_b,
                                                            establishment_b, aes):
    afgsu2(aes, 25)
    session = renewing(establishment_b, seats_open=1)
    factories.seat_booking(session, member_b)
    auth.login(member_a)
    client.post("/training/renewals", data={"attendees": [str(aes.id)],
                                           "session": str(session.id)})
    booking = db.session.scalar(select(SeatBooking).where(
        SeatBooking.establishment_id == member_a.establishment_id))
    assert booking.status == "waiting"
    assert db.session.get(TrainingSession, session.id).seats_taken == 1


def test_seats_over_the_session_s_open_seats_are_refused(client, auth, member_a,
                                                          establishment_a, establishment_b, aes):
    other = mine_profile(invited_by_id=establishment_a.id)
    afgsu2(aes, 25)
    afgsu2(other.user, 25)
    session = renewing(establishment_b, seats_open=1)
    auth.login(member_a)
    response = client.post("/training/renewals", data={
        "attendees": [str(aes.id), str(other.user_id)], "session": str(session.id)})
    assert response.status_code == 400 and "ouvre que 1 place" in response.text
    assert db.session.scalar(select(SeatBooking)) is None


@pytest.mark.parametrize("case, message", [
    ("nobody", "Ce champ est obligatoire"),
    ("no session", "Choisissez une session"),
    ("stranger", "ne fait pas partie de vos équipes"),
    ("wrong kind", "ne renouvelle pas de justificatif"),
    ("twice", "déjà inscrit(e)"),
    ("session not offered", "un choix valide"),
])
def test_bad_choices_get_a_french_message_and_book_nothing(client, auth, member_a, member_b,
                                                           establishment_b, aes, case, message):
    afgsu2(aes, 25)
    stranger = factories.user("candidate")
    afgsu2(stranger, 25)
    session = renewing(establishment_b)
    sst = renewing(establishment_b, kind="SST")  # offered: a colleague's SST lapses
    colleague = mine_profile(invited_by_id=member_a.establishment_id).user
    credential(colleague, type="SST", expires_on=today() + timedelta(days=9), with_proof=False)
    if case == "twice":
        seats.book(member_a, session.id, [(aes.full_name, "J1501", aes.id)])
    before = db.session.scalar(select(func.count()).select_from(SeatBooking))
    data = {"attendees": [str(aes.id)], "session": str(session.id)}
    data.update({"nobody": {"attendees": []}, "no session": {"session": "0"},
                 "stranger": {"attendees": [str(stranger.id)]},
                 "wrong kind": {"session": str(sst.id)},
                 "session not offered": {"session": "99999"}}.get(case, {}))
    auth.login(member_a)
    response = client.post("/training/renewals", data=data)
    assert response.status_code == 400 and message in response.text
    assert db.session.scalar(select(func.count()).select_from(SeatBooking)) == before


# --- attendance renews the credential ---------------------------------------------------

def _held_in_the_past(session, days=1):
    """The session took place: its dates moved before today (booked while it was ahead)."""
    length = session.ends_at - session.starts_at
    session.starts_at = utcnow() - timedelta(days=days, hours=10)
    session.ends_at = session.starts_at + length
    session.dates[0].starts_at, session.dates[0].ends_at = session.starts_at, session.ends_at
    session.registration_deadline = today() - timedelta(days=days + 2)
    db.session.commit()


def test_attendance_renews_the_credential_already_verified(member_a, member_b, establishment_b,
                                                           aes):
    old = afgsu2(aes, 20, verified=False)
    session = renewing(establishment_b)
    booking = renewals.book_for(member_a, session.id, [aes.id])
    absent = factories.user("candidate")
    afgsu2(absent, 20)
    seats.book(member_a, session.id, [(absent.full_name, "J1501", absent.id)])
    _held_in_the_past(session)
    organiser = factories.user("member", establishment=establishment_b, first_name="Odile")
    attendance.record_attendance(organiser, session.id, [booking.attendees[0].id])
    db.session.expire_all()
    renewed = db.session.get(Credential, old.id)
    last_day = local(session.ends_at).date()
    assert renewed.obtained_on == last_day
    assert renewed.expires_on == last_day.replace(year=last_day.year + 4)
    assert renewed.state == "valid" and renewed.verified_by_id == organiser.id
    assert f"formation n° {session.id}" in renewed.verified_by_name
    assert renewals.due(candidate_wallet(aes), today()) == {}
    assert renewals.due(candidate_wallet(absent), today()) != {}  # absent: not renewed


def test_attendance_grants_a_credential_never_held(member_a, establishment_b, aes):
    session = renewing(establishment_b, kind="SST")
    seats.book(member_a, session.id, [(aes.full_name, "J1501", aes.id)])
    _held_in_the_past(session)
    attendee = db.session.scalar(select(Attendee))
    attendance.record_attendance(establishment_b.users[0] if establishment_b.users else
                                 factories.user("staff"), session.id, [attendee.id])
    granted = db.session.scalar(select(Credential).where(Credential.holder_id == aes.id,
                                                         Credential.type == "SST"))
    assert (granted.type, granted.expires_on, granted.state) == ("SST", None, "valid")


def test_recording_attendance_twice_keeps_one_credential(member_a, establishment_b, aes):
    afgsu2(aes, 20)
    session = renewing(establishment_b)
    renewals.book_for(member_a, session.id, [aes.id])
    _held_in_the_past(session)
    staff = factories.user("staff")
    attendee = db.session.scalar(select(Attendee))
    attendance.record_attendance(staff, session.id, [attendee.id])
    attendance.record_attendance(staff, session.id, [attendee.id])
    assert [c.type for c in candidate_wallet(aes)].count("AFGSU2") == 1


def test_a_session_granting_nothing_changes_no_credential(member_a, establishment_b, aes):
    old = afgsu2(aes, 20)
    expires = old.expires_on
    session = factories.training_session(establishment_b)
    seats.book(member_a, session.id, [(aes.full_name, "J1501", aes.id)])
    _held_in_the_past(session)
    attendance.record_attendance(factories.user("staff"), session.id,
                                 [db.session.scalar(select(Attendee)).id])
    db.session.expire_all()
    assert db.session.get(Credential, old.id).expires_on == expires
