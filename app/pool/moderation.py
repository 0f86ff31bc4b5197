"""Staff publish or reject the vacancies members submit (through the staff queue)."""
from app import mail
from app.audit.services import record
from app.notifications.policy import others
from app.permissions import can_moderate
from app.pool.lifecycle import VACANCY
from app.pool.services import check_allowed, lock
from app.work import unit_of_work


def _tell_author(vacancy, template):
    if vacancy.author is not None and not vacancy.author.disabled:
        mail.send(vacancy.author.email, template, vacancy=vacancy)


def _tell_co_employers(vacancy):
    """Every user of every other employer of a shared position learns it is published."""
    for share in vacancy.employers:
        if share.establishment_id != vacancy.establishment_id:
            for user in others(share.establishment.users):
                mail.send(user.email, "vacancy_published_employer", vacancy=vacancy,
                          share=share)


def publish(actor, vacancy_id):
    """Publish a pending vacancy until its expiry date (60 days unless the member chose)."""
    with unit_of_work() as work:
        vacancy = lock(work, vacancy_id)
        check_allowed(can_moderate(actor))
        VACANCY.apply(vacancy, "publish", actor)
        record("vacancy_publish", actor=actor, obj=vacancy,
               expires_on=vacancy.expires_on.isoformat())
        work.after_commit(_tell_author, vacancy, "vacancy_published")
        work.after_commit(_tell_co_employers, vacancy)
    return vacancy


def reject(actor, vacancy_id, reason, comment):
    """Refuse a pending vacancy with a coded reason and a comment for the member."""
    with unit_of_work() as work:
        vacancy = lock(work, vacancy_id)
        check_allowed(can_moderate(actor))
        VACANCY.apply(vacancy, "reject", actor, reason=reason, comment=comment)
        record("vacancy_reject", actor=actor, obj=vacancy, reason=reason)
        work.after_commit(_tell_author, vacancy, "vacancy_rejected")
    return vacancy
