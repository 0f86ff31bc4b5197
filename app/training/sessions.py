"""Publishing training sessions and their moderation by staff."""
from flask_babel import gettext as _

from app import mail
from app.audit.services import record
from app.errors import InvalidTransition
from app.extensions import db
from app.permissions import can_moderate, can_publish_training, check_allowed, is_staff
from app.timeutil import utcnow
from app import timeutil
from app.training.errors import InvalidSession
from app.training.models import SESSION, TrainingDate, TrainingSession
from app.work import unit_of_work


def check_schedule(dates, deadline, seats_total, seats_open, earliest_deadline=None):
    """Refuse a schedule in the past, in the wrong order or with impossible seats.

    `dates` are (starts_at, ends_at) pairs in UTC, in the order they were given;
    `earliest_deadline`: the oldest deadline accepted (today; an edit keeps its own).
    """
    if not dates:
        raise InvalidSession(_("Indiquez au moins une date."), field="dates")
    for starts_at, ends_at in dates:
        if ends_at <= starts_at:
            raise InvalidSession(_("L'heure de fin doit suivre l'heure de début."), field="dates")
    for (_start, previous_end), (next_start, _end) in zip(dates, dates[1:]):
        if next_start < previous_end:
            raise InvalidSession(_("Donnez les dates dans l'ordre chronologique, sans "
                                   "chevauchement."), field="dates")
    if dates[0][0] <= utcnow():
        raise InvalidSession(_("La session ne peut pas commencer dans le passé."), field="dates")
    if deadline < (earliest_deadline or timeutil.local_today()):
        raise InvalidSession(_("La date limite d'inscription est déjà passée."),
                             field="registration_deadline")
    if deadline > timeutil.local(dates[0][0]).date():
        raise InvalidSession(_("La date limite d'inscription doit précéder le premier jour "
                               "de la session."), field="registration_deadline")
    if seats_open > seats_total:
        raise InvalidSession(_("Les places ouvertes aux autres membres ne peuvent dépasser "
                               "le nombre total de places."), field="seats_open")


def publish(actor, fields, dates):
    """A member submits a session for moderation; staff publish the association's at once."""
    check_schedule(dates, fields["registration_deadline"], fields["seats_total"],
                   fields["seats_open"])
    with unit_of_work():
        check_allowed(can_publish_training(actor), _(
            "Votre établissement n'est pas (ou plus) membre actif : il ne propose pas de "
            "session."))
        by_staff = is_staff(actor)
        session = TrainingSession(
            organiser_id=actor.establishment_id, created_by_id=actor.id,
            status="published" if by_staff else "pending",
            published_at=utcnow() if by_staff else None,
            starts_at=dates[0][0], ends_at=max(end for _start, end in dates),
            dates=[TrainingDate(starts_at=start, ends_at=end) for start, end in dates],
            **fields)
        db.session.add(session)
        db.session.flush()
        record("training_submit", actor=actor, obj=session, status=session.status)
    return session


def moderate(actor, session_id, action, reason=None, comment=None):
    """Staff approve a pending session, or reject it with a coded reason and a comment."""
    with unit_of_work() as work:
        session = work.lock(TrainingSession, session_id)
        if session is None:
            raise InvalidTransition(_("Cette session n'existe plus."))
        check_allowed(can_moderate(actor), _("Seule l'équipe de l'association valide les "
                                             "sessions de formation."))
        SESSION.apply(session, action, actor, reason=reason, comment=comment)
        record(f"training_{action}", actor=actor, obj=session, reason=reason)
        work.after_commit(mail.send, session.created_by.email, f"training_{action}",
                          session=session)
    return session
