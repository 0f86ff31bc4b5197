"""Limits on repeated requests, per account (or mailbox) and per client.

Counting and adding the new attempt is one atomic step: it runs under the
database's write lock (SQLite's BEGIN IMMEDIATE; on PostgreSQL a lock on the
counting table), so sixteen requests at once can never all read "4 so far".
The attempt is written before the slow part (a password check, a mail), so
it counts even if the worker dies during it.
"""
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select, text

from app.auth.models import LoginFailure, MailRequest
from app.errors import TooManyAttempts
from app.extensions import db
from app.timeutil import utcnow
from app.work import unit_of_work

# kind: (table, config key of the limit per email, per client address, window in seconds)
KINDS = {
    "login": (LoginFailure, "LOGIN_MAX_FAILURES_PER_ACCOUNT", "LOGIN_MAX_FAILURES_PER_ADDRESS",
              "LOGIN_FAILURE_WINDOW"),
    "mail": (MailRequest, "ACCOUNT_MAILS_PER_EMAIL", "ACCOUNT_MAILS_PER_ADDRESS",
             "ACCOUNT_MAILS_WINDOW"),
}
# Constant statements: table names never come from input.
_LOCKS = {"login": "LOCK TABLE login_failure IN SHARE ROW EXCLUSIVE MODE",
          "mail": "LOCK TABLE mail_request IN SHARE ROW EXCLUSIVE MODE"}


def _message(kind):
    if kind == "login":
        return _("Trop de tentatives de connexion. Réessayez dans un quart d'heure.")
    return _("Trop de demandes de courriel pour cette adresse ou depuis votre connexion. "
             "Réessayez dans une heure.")


def forget_old(now):
    """Delete the attempts older than their window (they name addresses people typed)."""
    removed = 0
    with unit_of_work():
        for model, _email, _address, window in KINDS.values():
            since = now - timedelta(seconds=current_app.config[window])
            removed += db.session.execute(delete(model).where(model.at < since)).rowcount
    return removed


def take(kind, email, address):
    """Count this email's and this client's recent attempts and add one, atomically.

    Raises TooManyAttempts, adding nothing, when either count reached its limit.
    """
    model, per_email, per_address, window = KINDS[kind]
    config = current_app.config
    with unit_of_work():
        if db.session.get_bind().dialect.name == "postgresql":
            # SHARE ROW EXCLUSIVE conflicts with itself and with inserts: one count at a time
            db.session.execute(text(_LOCKS[kind]))
        since = utcnow() - timedelta(seconds=config[window])
        # Older rows count for nothing, and name addresses people typed: forget them.
        db.session.execute(delete(model).where(model.at < since))
        by_email, by_address = db.session.execute(
            select(func.count().filter(model.email == email),
                   func.count().filter(model.address == address))
            .where(model.at >= since, or_(model.email == email, model.address == address))).one()
        if by_email >= config[per_email] or by_address >= config[per_address]:
            raise TooManyAttempts(_message(kind))  # the unit of work rolls back: nothing added
        db.session.add(model(email=email, address=address))


def clear(email):
    """Forget the address's failed logins: its password was just proven right."""
    with unit_of_work():
        db.session.execute(delete(LoginFailure).where(LoginFailure.email == email))
