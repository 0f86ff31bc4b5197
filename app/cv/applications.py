"""Applications: a candidate applies to a published vacancy; its employers move it on.

The lifecycle is declared in cv/lifecycle.py (APPLICATION). Both sides get a
mail at each step; hiring can mark the vacancy filled, under the vacancy's own
lock, so a withdrawal at the same moment either comes first (and the hire that
would fill it is refused) or finds it filled.
"""
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from app import mail
from app.audit.services import record
from app.cv.lifecycle import APPLICATION, NOT_AN_EMPLOYER
from app.cv.models import Application, CandidateProfile
from app.errors import DomainError
from app.extensions import db
from app.notifications.policy import others
from app.permissions import can_apply, can_handle_application, can_reach_applicant
from app.pool.lifecycle import VACANCY
from app.pool.models import Vacancy
from app.work import unit_of_work

CLOSED_VACANCY = VACANCY.group("closed")
KEEP_AFTER_CLOSE = timedelta(days=90)


class CannotApply(DomainError):
    pass


class NotAnEmployer(DomainError):
    def default_message(self):
        return str(NOT_AN_EMPLOYER)


def _notify(work, application, template, actor):
    """After the commit, mail the candidate and the employers' users who reach it, but
    not the employer who acted (the candidate gets her receipt of what she sent)."""
    work.after_commit(mail.send, application.candidate.email, f"{template}_candidate",
                      application=application)
    for share in application.vacancy.employers:
        for user in others(share.establishment.users, actor):
            if can_handle_application(user, application):
                work.after_commit(mail.send, user.email, f"{template}_employer",
                                  application=application)


def application_of(user, vacancy):
    """The user's application to `vacancy`, or None (pages say "sent on …", not "apply")."""
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(Application).where(
        Application.candidate_id == user.id, Application.vacancy_id == vacancy.id))


def submit(candidate, vacancy_id, message):
    """A candidate applies to a public vacancy with their profile's CV."""
    with unit_of_work() as work:
        vacancy = work.lock(Vacancy, vacancy_id)
        profile = work.lock_one(select(CandidateProfile).where(
            CandidateProfile.user_id == candidate.id))
        if not can_apply(candidate):
            raise CannotApply(_("Seul un compte candidat peut postuler."))
        if vacancy is None or not vacancy.is_public:
            raise CannotApply(_("Cette offre n'est plus ouverte aux candidatures."))
        if profile is None or profile.cv_file is None:
            raise CannotApply(_("Déposez d'abord votre CV dans votre espace."))
        if db.session.scalar(select(Application.id).where(
                Application.candidate_id == candidate.id, Application.vacancy_id == vacancy_id)):
            raise CannotApply(_("Vous avez déjà postulé à cette offre."))
        application = Application(candidate_id=candidate.id, vacancy_id=vacancy_id,
                                  message=message)
        db.session.add(application)
        profile.touch()
        db.session.flush()
        record("application_submit", actor=candidate, obj=application)
        _notify(work, application, "application_received", candidate)
    return application


def _lock_with_vacancy(work, application_id):
    """The application and its vacancy, both locked: the vacancy first, as every
    writer of a vacancy does, so that no two units of work wait on each other."""
    vacancy_id = db.session.scalar(select(Application.vacancy_id).where(
        Application.id == application_id))
    vacancy = work.lock(Vacancy, vacancy_id) if vacancy_id is not None else None
    if vacancy is None:
        return None
    return work.lock(Application, application_id, vacancy_id=vacancy.id)


def move(actor, application_id, name, reason=None, fill_vacancy=False, interview=None):
    """An employer moves an application on; hiring may mark the vacancy filled, an
    interview may carry its date, time, place and contact (`interview`, a dict)."""
    details = {"decline": {"reason": reason}, "interview": {"interview": interview}}
    with unit_of_work() as work:
        application = _lock_with_vacancy(work, application_id)
        if application is None or not can_handle_application(actor, application):
            raise NotAnEmployer()
        APPLICATION.apply(application, name, actor, **details.get(name, {}))
        if name == "hire" and fill_vacancy:
            VACANCY.apply(application.vacancy, "fill", actor)
            record("vacancy_fill", actor=actor, obj=application.vacancy)
        record(f"application_{name}", actor=actor, obj=application, reason=reason)
        _notify(work, application, "application_moved", actor)
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
             "message": a.message, "status": str(a.status_label),
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
        CandidateProfile.is_shown, CandidateProfile.user_id.is_not(None))
    closed = select(Vacancy.id).where(Vacancy.status.in_(CLOSED_VACANCY),
                                      Vacancy.updated_at <= now - KEEP_AFTER_CLOSE)
    with unit_of_work():
        count = db.session.execute(delete(Application).where(
            Application.vacancy_id.in_(closed),
            Application.candidate_id.not_in(consented))).rowcount
        if count:
            record("applications_purged", count=count)
    return count
