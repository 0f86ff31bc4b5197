"""The daily job: expire vacancies past their date, remind members a week before.

The reminder carries a signed link that extends the vacancy in one step,
without logging in; the link names the expiry date it was sent for, so it
works once.
"""
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import or_, select

from app import mail
from app.audit.services import record
from app.auth import tokens
from app.errors import InvalidToken
from app.extensions import db
from app.pool.lifecycle import VACANCY
from app.pool.models import Vacancy
from app.pool.rules import EXTENSION_DAYS, REMINDER_DAYS
from app.timeutil import local_today
from app.work import unit_of_work

LINK_PURPOSE = "vacancy-extend"
LINK_MAX_AGE = 30 * 24 * 3600


def expire_due():
    """Expire every published vacancy whose expiry date has passed; returns how many."""
    with unit_of_work() as work:
        due = work.lock_all(select(Vacancy).where(Vacancy.status == "published",
                                                  ~Vacancy.is_public).order_by(Vacancy.id))
        for vacancy in due:
            VACANCY.apply(vacancy, "expire")
            record("vacancy_expire", obj=vacancy)
    return len(due)


def remind_due():
    """Mail the author of each vacancy expiring within a week, once per expiry date."""
    limit = local_today() + timedelta(days=REMINDER_DAYS)
    with unit_of_work() as work:
        due = work.lock_all(select(Vacancy).where(
            Vacancy.status == "published", Vacancy.expires_on <= limit,
            or_(Vacancy.reminder_sent_for.is_(None),
                Vacancy.reminder_sent_for != Vacancy.expires_on)).order_by(Vacancy.id))
        reminded = [vacancy for vacancy in due
                    if vacancy.author is not None and not vacancy.author.disabled]
        for vacancy in due:
            vacancy.reminder_sent_for = vacancy.expires_on
        for vacancy in reminded:
            work.after_commit(_remind, vacancy)
    return len(reminded)


def _remind(vacancy):
    mail.send(vacancy.author.email, "vacancy_expiring", vacancy=vacancy,
              token=extension_token(vacancy), days=EXTENSION_DAYS)


def extension_token(vacancy):
    """The signed "still open" link of the reminder for the current expiry date."""
    return tokens.make(LINK_PURPOSE, {"v": vacancy.id, "until": vacancy.expires_on.isoformat()})


def _valid_for(vacancy, vacancy_id, payload):
    if (vacancy is None or payload.get("v") != vacancy_id or vacancy.status != "published"
            or payload.get("until") != vacancy.expires_on.isoformat()):
        raise InvalidToken(_("Ce lien a déjà servi ou l'offre n'est plus publiée."))
    return vacancy


def read_extension(vacancy_id, token):
    """The vacancy a still-valid extension link is for, else InvalidToken."""
    payload = tokens.read(LINK_PURPOSE, token, LINK_MAX_AGE)
    return _valid_for(db.session.get(Vacancy, vacancy_id), vacancy_id, payload)


def extend(vacancy_id, token):
    """Keep a vacancy published EXTENSION_DAYS more days, from the link of its reminder."""
    payload = tokens.read(LINK_PURPOSE, token, LINK_MAX_AGE)
    with unit_of_work() as work:
        vacancy = _valid_for(work.lock(Vacancy, vacancy_id), vacancy_id, payload)
        vacancy.expires_on = (max(vacancy.expires_on, local_today())
                              + timedelta(days=EXTENSION_DAYS))
        record("vacancy_extend", actor=vacancy.author, obj=vacancy,
               expires_on=vacancy.expires_on.isoformat())
    return vacancy
