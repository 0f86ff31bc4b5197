"""Members drafting, editing, submitting and closing vacancies; co-employers confirming."""
from flask_babel import gettext as _
from sqlalchemy import select

from app import mail
from app.audit.services import record
from app import errors
from app.errors import DomainError, InvalidTransition
from app.extensions import db
from app.members.models import Establishment
from app.permissions import (can_confirm_share, can_draft_vacancy, can_edit_vacancy,
                             can_fill_vacancy,
                             can_withdraw_vacancy)
from app.pool import queries
from app.pool.lifecycle import VACANCY, after_edit
from app.pool.models import Vacancy, VacancyEmployer
from app.pool.rules import share_problem
from app.work import unit_of_work


class NotAllowed(errors.NotAllowed):
    def default_message(self):
        return _("Vous n'avez pas le droit de faire cela sur cette offre.")


class InvalidShares(DomainError):
    pass


class SharesUnconfirmed(DomainError):
    pass


class PossibleDuplicate(DomainError):
    """Raised before saving a vacancy that looks like an open one; carries them."""

    def __init__(self, vacancies):
        super().__init__(_("Votre établissement a déjà une offre ouverte pour ce métier, "
                           "ce contrat et cette commune."))
        self.vacancies = vacancies


class Gone(DomainError):
    def default_message(self):
        return _("Cette offre n'existe plus.")


def lock(work, vacancy_id):
    """The vacancy, locked in the unit of work `work` until its commit; Gone if deleted."""
    vacancy = work.lock(Vacancy, vacancy_id)
    if vacancy is None:
        raise Gone()
    return vacancy


def check_allowed(allowed):
    if not allowed:
        raise NotAllowed()


def _check_shares(fields, shares):
    problem = share_problem(fields["fte"], shares)
    co_ids = [share["establishment_id"] for share in shares[1:]]
    if not problem and co_ids:
        active = db.session.scalars(select(Establishment.id).where(
            Establishment.id.in_(co_ids), Establishment.is_active)).all()
        if len(active) != len(co_ids):
            problem = _("Chaque co-employeur doit être un établissement membre actif.")
    if problem:
        raise InvalidShares(problem)


def _sync_shares(vacancy, shares, actor):
    """Make the employer rows match `shares`; return the rows needing a new confirmation.

    A row keeps its confirmation while its share and days stay the same; a
    changed or new row is confirmed at once only when the actor belongs to it.
    """
    current = {row.establishment_id: row for row in vacancy.employers}
    wanted = {share["establishment_id"] for share in shares}
    for establishment_id, row in current.items():
        if establishment_id not in wanted:
            vacancy.employers.remove(row)
    to_confirm = []
    for share in shares:
        row = current.get(share["establishment_id"])
        if row is None:
            row = VacancyEmployer(establishment_id=share["establishment_id"])
            vacancy.employers.append(row)
        elif (row.fte_share, row.days) == (share["fte_share"], share["days"]):
            continue
        row.fte_share, row.days = share["fte_share"], share["days"]
        if row.establishment_id == actor.establishment_id:
            row.confirm(actor)
        else:
            row.unconfirm()
            to_confirm.append(row)
    return to_confirm


def _ask_confirmation(vacancy, rows):
    """Mail the users of each co-employer whose share awaits its confirmation."""
    for row in rows:
        for user in row.establishment.users:
            if not user.disabled:
                mail.send(user.email, "vacancy_share_request", user=user, vacancy=vacancy,
                          share=row)


def create_draft(actor, fields, shares, allow_duplicate=False):
    """A member drafts a vacancy for their establishment, possibly shared with others."""
    with unit_of_work() as work:
        check_allowed(can_draft_vacancy(actor))
        shares[0]["establishment_id"] = actor.establishment_id
        _check_shares(fields, shares)
        found = queries.duplicates(actor.establishment_id, fields["occupation"],
                                   fields["commune"], fields["contract_type"])
        if found and not allow_duplicate:
            raise PossibleDuplicate(found)
        vacancy = Vacancy(establishment_id=actor.establishment_id, author_id=actor.id,
                          status="draft", **fields)
        db.session.add(vacancy)
        to_confirm = _sync_shares(vacancy, shares, actor)
        db.session.flush()
        record("vacancy_draft", actor=actor, obj=vacancy, shared=vacancy.is_shared)
        work.after_commit(_ask_confirmation, vacancy, to_confirm)
    return vacancy


def update(actor, vacancy_id, fields, shares):
    """Edit a vacancy; a published one goes back to moderation."""
    with unit_of_work() as work:
        vacancy = lock(work, vacancy_id)
        check_allowed(can_edit_vacancy(actor, vacancy))
        if not vacancy.is_editable:
            raise InvalidTransition(_("Une offre « %(status)s » ne se modifie plus.",
                                      status=vacancy.status_label))
        shares[0]["establishment_id"] = vacancy.establishment_id
        _check_shares(fields, shares)
        for name, value in fields.items():
            setattr(vacancy, name, value)
        to_confirm = _sync_shares(vacancy, shares, actor)
        transition = after_edit(vacancy.status, not vacancy.unconfirmed_shares)
        if transition:
            VACANCY.apply(vacancy, transition, actor)
        record("vacancy_edit", actor=actor, obj=vacancy, status=vacancy.status)
        work.after_commit(_ask_confirmation, vacancy, to_confirm)
    return vacancy


def submit(actor, vacancy_id):
    """Send a draft to moderation once every co-employer confirmed its share."""
    with unit_of_work() as work:
        vacancy = lock(work, vacancy_id)
        check_allowed(can_edit_vacancy(actor, vacancy))
        if vacancy.status == "draft" and vacancy.unconfirmed_shares:
            names = ", ".join(row.establishment.name for row in vacancy.unconfirmed_shares)
            raise SharesUnconfirmed(_("Ces co-employeurs n'ont pas encore confirmé leur part : "
                                      "%(names)s.", names=names))
        VACANCY.apply(vacancy, "submit", actor)
        record("vacancy_submit", actor=actor, obj=vacancy)
    return vacancy


# Who may close a vacancy: the lead alone withdraws it, any employer marks it filled.
CLOSING_RIGHTS = {"withdraw": can_withdraw_vacancy, "fill": can_fill_vacancy}


def close(actor, vacancy_id, transition):
    """The lead withdraws its vacancy; an employer marks it filled."""
    right = CLOSING_RIGHTS[transition]
    with unit_of_work() as work:
        vacancy = lock(work, vacancy_id)
        check_allowed(right(actor, vacancy))
        VACANCY.apply(vacancy, transition, actor)
        record(f"vacancy_{transition}", actor=actor, obj=vacancy)
    return vacancy


def confirm_share(actor, vacancy_id):
    """A co-employer confirms its share of a shared position."""
    with unit_of_work() as work:
        vacancy = lock(work, vacancy_id)
        check_allowed(can_confirm_share(actor, vacancy))
        if not vacancy.is_editable:
            raise InvalidTransition(_("Cette offre est close : plus rien à confirmer."))
        row = next(row for row in vacancy.unconfirmed_shares
                   if row.establishment_id == actor.establishment_id)
        row.confirm(actor)
        record("vacancy_share_confirm", actor=actor, obj=vacancy, share=row.fte_share)
        if not vacancy.unconfirmed_shares and vacancy.author and not vacancy.author.disabled:
            work.after_commit(mail.send, vacancy.author.email, "vacancy_shares_confirmed",
                              vacancy=vacancy)
    return vacancy
