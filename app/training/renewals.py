"""Training renews credentials: who needs which renewal, the sessions that grant it,
booking seats for those people in one step, and the renewal itself at attendance.

It joins the credentials wallet and the replacement pool, both below training.
"""
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select, union

from app import timeutil
from app.auth.models import User
from app.credentials import services as credentials
from app.credentials.models import Credential
from app.extensions import db
from app.permissions import can_keep_credentials
from app.replacements.models import Assignment, Mission, ProfileEmployer, ReplacementProfile
from app.timeutil import utcnow
from app.training import seats
from app.training.errors import TrainingError
from app.training.models import Attendee, SeatBooking, TrainingSession
from app.training.queries import published

RENEW_WITHIN = timedelta(days=183)  # six months before expiry, sessions are proposed


class NotRenewable(TrainingError):
    """A person chosen is not one of the member's, or the session renews nothing of theirs."""


def due(credentials_held, today):
    """{type: expiry} of the types whose latest credential lapses within six months (or has).

    A type held once more without expiry (a diploma) or beyond the horizon is not due.
    """
    latest = {}
    for credential in credentials_held:
        expiry = credential.expires_on or date.max
        latest[credential.type] = max(latest.get(credential.type, date.min), expiry)
    horizon = today + RENEW_WITHIN
    return {kind: expiry for kind, expiry in latest.items() if expiry <= horizon}


def _open_granting(kinds):
    """Published sessions still open to booking that grant one of `kinds`, soonest first."""
    return published().where(
        TrainingSession.grants_credential.in_(sorted(kinds)),
        TrainingSession.registration_deadline >= timeutil.local_today(),
        TrainingSession.starts_at > utcnow())


def sessions_granting(kinds):
    """Published sessions still open to booking that grant one of `kinds`, soonest first."""
    if not kinds:
        return []
    return db.session.scalars(_open_granting(kinds)).all()


def next_session_granting(kind):
    """The soonest session still open to booking that grants `kind`, or None (named in
    the mail of a mission left unfilled for lack of that credential)."""
    return db.session.scalars(_open_granting({kind}).limit(1)).first()


def for_you(user):
    """"Formations pour vous": [(session, expiry)] for the user's credentials due."""
    if not can_keep_credentials(user):
        return []
    needed = due(credentials.wallet_of(user), timeutil.local_today())
    return [(session, needed[session.grants_credential])
            for session in sessions_granting(needed)]


def _people_ids(establishment_id):
    """Ids of the accounts that work for an establishment: its own users, the pool people
    it invited or who name it as employer, and those who did a mission for it."""
    profile_user = select(ReplacementProfile.user_id)
    return union(
        select(User.id).where(User.establishment_id == establishment_id),
        profile_user.where(ReplacementProfile.invited_by_id == establishment_id),
        profile_user.join(ProfileEmployer, ProfileEmployer.profile_id == ReplacementProfile.id)
        .where(ProfileEmployer.establishment_id == establishment_id),
        profile_user.join(Assignment, Assignment.profile_id == ReplacementProfile.id)
        .join(Mission, Mission.id == Assignment.mission_id)
        .where(Mission.establishment_id == establishment_id, Assignment.status == "done"))


def people_of(establishment_id):
    """The people of an establishment who keep credentials, by name."""
    ids = _people_ids(establishment_id).subquery()
    return [person for person in db.session.scalars(
        select(User).where(User.id.in_(select(ids.c[0])))
        .order_by(User.last_name, User.first_name, User.id)).all()
        if can_keep_credentials(person)]


def renewals_for(establishment_id):
    """[(person, {type: expiry})] of the establishment's people with a renewal due."""
    people = people_of(establishment_id)
    held = {}
    for credential in db.session.scalars(select(Credential).where(
            Credential.holder_id.in_([person.id for person in people]))):
        held.setdefault(credential.holder_id, []).append(credential)
    today = timeutil.local_today()
    rows = [(person, due(held.get(person.id, []), today)) for person in people]
    return [(person, needed) for person, needed in rows if needed]


def book_for(actor, session_id, person_ids):
    """Book seats of a renewing session for people of the actor's establishment, in one
    booking through app.training.seats (confirmed, or on the waiting list when full)."""
    session = db.session.get(TrainingSession, session_id)
    rows = dict(renewals_for(actor.establishment_id))
    people = {person.id: person for person in rows}
    chosen = [people.get(person_id) for person_id in dict.fromkeys(person_ids)]
    if None in chosen:
        raise NotRenewable(_("Une personne choisie ne fait pas partie de vos équipes ou "
                             "n'a pas de renouvellement à faire."), field="attendees")
    kind = session.grants_credential if session is not None else None
    for person in chosen:
        if kind not in rows[person]:
            raise NotRenewable(_("Cette session ne renouvelle pas de justificatif de "
                                 "%(name)s.", name=person.full_name), field="session")
    _check_not_booked(session_id, [person.id for person in chosen])
    return seats.book(actor, session_id,
                      [(person.full_name, _occupation(person), person.id) for person in chosen])


def _check_not_booked(session_id, person_ids):
    booked = db.session.scalars(select(Attendee.person_id).join(SeatBooking).where(
        SeatBooking.session_id == session_id, SeatBooking.is_active,
        Attendee.person_id.in_(person_ids))).first()
    if booked is not None:
        name = db.session.get(User, booked).full_name
        raise NotRenewable(_("%(name)s est déjà inscrit(e) à cette session.", name=name),
                           field="attendees")


def _occupation(person):
    """The first occupation of the person's pool profile ("" without one)."""
    profile = getattr(person, "replacement_profile", None)
    return min(profile.occupation_codes, default="") if profile else ""


def renew_attended(work, session, actor, attendees):
    """Inside record_attendance's unit of work: each attendee present, booked with their
    account, holds the session's credential again, obtained on its last day, verified by
    the organiser who recorded the attendance."""
    if not session.grants_credential:
        return
    last_day = timeutil.local(session.ends_at).date()
    note = _("présence à la formation n° %(id)d", id=session.id)
    for attendee in attendees:
        if attendee.attended and attendee.person_id is not None:
            credentials.renew(work, attendee.person_id, session.grants_credential, last_day,
                              actor, note)
