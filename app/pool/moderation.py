"""Staff publish or reject the vacancies members submit."""
from datetime import timedelta

from app import mail
from app.audit.services import record
from app.database import begin_write
from app.extensions import db
from app.permissions import can_moderate
from app.pool import lifecycle
from app.pool.rules import DEFAULT_LIFETIME_DAYS
from app.pool.services import check_allowed, get_for_update
from app.timeutil import local_today, utcnow


def _tell_author(vacancy, template):
    if vacancy.author is not None and not vacancy.author.disabled:
        mail.send(vacancy.author.email, template, vacancy=vacancy)


def publish(actor, vacancy_id):
    """Publish a pending vacancy until its expiry date (60 days unless the member chose)."""
    begin_write()
    vacancy = get_for_update(vacancy_id)
    check_allowed(can_moderate(actor))
    lifecycle.apply(vacancy, "publish")
    today = local_today()
    if vacancy.expires_on is None or vacancy.expires_on <= today:
        vacancy.expires_on = today + timedelta(days=DEFAULT_LIFETIME_DAYS)
    vacancy.published_at = utcnow()
    vacancy.rejection_reason = vacancy.rejection_comment = None
    record("vacancy_publish", actor=actor, obj=vacancy, expires_on=vacancy.expires_on.isoformat())
    db.session.commit()
    _tell_author(vacancy, "vacancy_published")
    return vacancy


def reject(actor, vacancy_id, reason, comment):
    """Refuse a pending vacancy with a coded reason and a comment for the member."""
    begin_write()
    vacancy = get_for_update(vacancy_id)
    check_allowed(can_moderate(actor))
    lifecycle.apply(vacancy, "reject")
    vacancy.rejection_reason, vacancy.rejection_comment = reason, comment
    record("vacancy_reject", actor=actor, obj=vacancy, reason=reason)
    db.session.commit()
    _tell_author(vacancy, "vacancy_rejected")
    return vacancy
