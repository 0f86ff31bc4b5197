"""Outgoing mail: through SMTP when configured, else as .eml files in the outbox.

Every message is built from a template pair in templates/mail/:
`<name>.subject.txt` (one line) and `<name>.txt` (the body), in French.

A mail follows the commit of what it tells, so `send` never raises: a mail
that cannot be built or delivered (SMTP refused, outbox not writable) is
logged and recorded in the sent-mail log as "failed", with its message when
it was built, and `flask --app wsgi mail retry` sends it again. There is no
task queue (yet): the request that committed still answers its success.
"""
import email
import logging
import smtplib
import uuid
from datetime import timedelta
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app, render_template
from sqlalchemy import or_, select, update

from app import durable
from app.extensions import db
from app.database import begin_write
from app.timeutil import utcnow

log = logging.getLogger(__name__)

# A retry that holds a mail longer than this crashed: the next retry takes it back.
STALE_CLAIM = timedelta(minutes=10)


class MailFailed(Exception):
    """A mail that could not be built or delivered; `message` is None when not built."""

    def __init__(self, to, user_id, template, message):
        super().__init__(f"mail {template!r} to {to} failed")
        self.to, self.user_id, self.template, self.message = to, user_id, template, message


def build_message(to, template, **context):
    """Render a mail template into an EmailMessage addressed to `to`."""
    subject = render_template(f"mail/{template}.subject.txt", **context)
    body = render_template(f"mail/{template}.txt", **context)
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    # One line whatever a title held: a line break in a header cannot be sent.
    message["Subject"] = " ".join(subject.split())
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="gtec.invalid")
    message["X-GTEC-Template"] = template
    message.set_content(body)
    return message


def send(to, template, **context):
    """Send one templated mail; never raises.

    Returns the message, or None when the user opted out or the mail failed
    (then logged and recorded for `mail retry`).
    """
    try:
        return deliver(to, template, **context)
    except MailFailed as failed:
        log.error("%s", failed, exc_info=failed.__cause__)
        _record(failed.to, failed.user_id, failed.template, failed.message,
                error=failed.__cause__)
        return None


def deliver(to, template, **context):
    """Send one templated mail now, or raise MailFailed: for callers that retry themselves."""
    from app.notifications.kinds import kind_of
    from app.notifications.services import wants
    user_id = message = None
    try:
        user_id = _user_id(to)
        if user_id is not None and not wants(user_id, kind_of(template)):
            return None
        message = build_message(to, template, **context)
        _transmit(message)
    except Exception as error:
        raise MailFailed(to, user_id, template, message) from error
    _record(to, user_id, template, message)
    return message


def retry_failed():
    """Send again every failed mail that was built; returns (sent, still failing)."""
    from app.notifications.models import SentMail
    sent = failing = 0
    ids = db.session.scalars(select(SentMail.id).where(
        SentMail.status.in_(("failed", "sending")), SentMail.message.is_not(None))
        .order_by(SentMail.id)).all()
    for mail_id in ids:
        text = _claim(mail_id)
        if text is None:  # sent meanwhile by another retry, or held by it
            continue
        try:
            _transmit(email.message_from_string(text, policy=policy.default))
        except Exception as error:
            log.exception("retry of mail %s failed", mail_id)
            _settle(mail_id, status="failed", error=_reason(error))
            failing += 1
        else:
            _settle(mail_id, status="sent", error=None, message=None)
            sent += 1
    return sent, failing


def _claim(mail_id):
    """Mark a failed mail as being sent, so that two retries never both send it."""
    from app.notifications.models import SentMail
    begin_write()
    now = utcnow()
    crashed = (SentMail.status == "sending") & (SentMail.at < now - STALE_CLAIM)
    claimed = db.session.execute(update(SentMail).where(
        SentMail.id == mail_id, or_(SentMail.status == "failed", crashed))
        .values(status="sending", at=now)).rowcount
    text = db.session.get(SentMail, mail_id).message if claimed else None
    db.session.commit()
    return text


def _settle(mail_id, **values):
    from app.notifications.models import SentMail
    begin_write()
    db.session.execute(update(SentMail).where(SentMail.id == mail_id)
                       .values(at=utcnow(), **values))
    db.session.commit()


def _transmit(message):
    config = current_app.config
    if config["MAIL_SERVER"]:
        _send_smtp(message, config)
    else:
        _write_outbox(message, Path(config["OUTBOX"]))


def _user_id(address):
    from app.auth.models import User
    return db.session.scalar(select(User.id).where(User.email == address))


def _reason(error):
    return f"{type(error).__name__}: {error}"[:300]


def _record(to, user_id, template, message, error=None):
    """Log the mail; commit it now unless a unit of work is under way (its commit will)."""
    from app.notifications.models import SentMail
    row = SentMail(recipient=str(to)[:254], user_id=user_id, template=template,
                   subject=str(message["Subject"])[:300] if message else "")
    if error is not None:
        row.status, row.error = "failed", _reason(error)
        row.message = message.as_string() if message else None
    if _busy():
        db.session.add(row)
        return
    try:
        begin_write()  # SQLite: take the write lock first, never upgrade a read
        db.session.add(row)
        db.session.commit()
    except Exception:  # what was committed before the mail stands
        db.session.rollback()
        log.exception("mail %r to %s could not be logged", template, to)


def _busy():
    """Whether a unit of work is under way in the session."""
    session = db.session()
    return bool(session.new or session.dirty or session.deleted) or (
        session.in_transaction()
        and session.connection().get_execution_options().get("write_lock", False))


def _send_smtp(message, config):
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
        smtp.send_message(message)


def _write_outbox(message, outbox):
    """Write the message whole, then rename, so no half file is ever read."""
    outbox.mkdir(parents=True, exist_ok=True)
    name = f"{utcnow():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:12]}.eml"
    durable.write_file(outbox / name, bytes(message))
