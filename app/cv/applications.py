"""Applications: a candidate applies to a published vacancy; its employers move it on.

received → contacted → interview → hired | declined (with a coded reason).
Both sides get a mail at each step; hiring can mark the vacancy filled.
"""
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from app import mail
from app.audit.services import record
from app.cv.models import APPLICATION_STATUSES, Application, CandidateProfile
from app.database import begin_write
from app.errors import DomainError, InvalidTransition
from app.extensions import db
from app.permissions import can_handle_application, can_reach_applicant
from app.pool.lifecycle import VACANCY
from app.pool.models import Vacancy

# name: (states it may start from, state it leads to)
TRANSITIONS = {
    "contact": ({"received"}, "contacted"),
    "interview": ({"received", "contacted"}, "interview"),
    "hire": ({"contacted", "interview"}, "hired"),
    "decline": ({"received", "contacted", "interview"}, "declined"),
}
CLOSED_VACANCY = VACANCY.group("closed")
KEEP_AFTER_CLOSE = timedelta(days=90)


class CannotApply(DomainError):
    pass


class NotAnEmployer(DomainError):
    def default_message(self):
        return _("Votre établissement ne reçoit pas cette candidature.")


def allowed(application, name):
    return application.status in TRANSITIONS[name][0]


def apply_transition(application, name, reason=None):
    """Move the application through `name`, or raise InvalidTransition."""
    if not allowed(application, name):
        raise InvalidTransition(_("Action impossible : la candidature est « %(status)s ».",
                                  status=application.status_label))
    application.status = TRANSITIONS[name][1]
    application.decline_reason = reason if name == "decline" else None


def _notify(application, template):
    """Mail the candidate and the employers' users who reach the application."""
    mail.send(application.candidate.email, f"{template}_candidate", application=application)
    for share in application.vacancy.employers:
        for user in share.establishment.users:
            if not user.disabled and can_handle_application(user, application):
                mail.send(user.email, f"{template}_employer", application=application)


def submit(candidate, vacancy_id, message):
    """A candidate applies to a public vacancy with their profile's CV."""
    begin_write()
    vacancy = db.session.get(Vacancy, vacancy_id)
    profile = db.session.scalar(select(CandidateProfile).where(
        CandidateProfile.user_id == candidate.id).with_for_update())
    if vacancy is None or not vacancy.is_public:
        raise CannotApply(_("Cette offre n'est plus ouverte aux candidatures."))
    if profile is None or profile.cv_file is None:
        raise CannotApply(_("Déposez d'abord votre CV dans votre espace."))
    if db.session.scalar(select(Application.id).where(Application.candidate_id == candidate.id,
                                                      Application.vacancy_id == vacancy_id)):
        raise CannotApply(_("Vous avez déjà postulé à cette offre."))
    application = Application(candidate_id=candidate.id, vacancy_id=vacancy_id, message=message)
    db.session.add(application)
    profile.touch()
    db.session.flush()
    record("application_submit", actor=candidate, obj=application)
    db.session.commit()
    _notify(application, "application_received")
    return application


def move(actor, application_id, name, reason=None, fill_vacancy=False):
    """An employer moves an application on; hiring may mark the vacancy filled."""
    begin_write()
    application = db.session.scalar(select(Application).where(
        Application.id == application_id).with_for_update())
    if application is None or not can_handle_application(actor, application):
        raise NotAnEmployer()
    apply_transition(application, name, reason)
    if name == "hire" and fill_vacancy and application.vacancy.status == "published":
        VACANCY.apply(application.vacancy, "fill", actor)
        record("vacancy_fill", actor=actor, obj=application.vacancy)
    record(f"application_{name}", actor=actor, obj=application, reason=reason)
    db.session.commit()
    _notify(application, "application_moved")
    return application


def of_candidate(candidate):
    """A candidate's applications, newest first, with their vacancies."""
    return db.session.scalars(
        select(Application).where(Application.candidate_id == candidate.id)
        .options(selectinload(Application.vacancy))
        .order_by(Application.created_at.desc())).all()


def of_vacancy(user, vacancy_id):
    """The applications to a vacancy that `user` reaches, oldest first, with their
    candidates and profiles."""
    found = db.session.scalars(
        select(Application).where(Application.vacancy_id == vacancy_id)
        .options(selectinload(Application.candidate), selectinload(Application.profile))
        .order_by(Application.created_at)).all()
    return [application for application in found if can_reach_applicant(user, application)]


def export_rows(user):
    """The candidate's applications, for the data export."""
    return [{"vacancy": a.vacancy.title, "establishment": a.vacancy.establishment.name,
             "message": a.message, "status": str(APPLICATION_STATUSES[a.status]),
             "decline_reason": a.decline_reason, "created_at": a.created_at}
            for a in of_candidate(user)]


def erase_of(user):
    """Delete the candidate's applications in the caller's unit of work; returns how many."""
    return db.session.execute(delete(Application).where(
        Application.candidate_id == user.id)).rowcount


def purge_closed(now):
    """Delete applications three months after their vacancy closed, unless the
    candidate consented to the bank. A vacancy's last change dates its closing."""
    consented = select(CandidateProfile.user_id).where(
        CandidateProfile.visibility == "members", CandidateProfile.user_id.is_not(None))
    closed = select(Vacancy.id).where(Vacancy.status.in_(CLOSED_VACANCY),
                                      Vacancy.updated_at <= now - KEEP_AFTER_CLOSE)
    begin_write()
    count = db.session.execute(delete(Application).where(
        Application.vacancy_id.in_(closed),
        Application.candidate_id.not_in(consented))).rowcount
    if count:
        record("applications_purged", count=count)
    db.session.commit()
    return count
