"""Outgoing mail: through SMTP when configured, else as .eml files in the outbox.

Every message is built from a template pair in templates/mail/:
`<name>.subject.txt` (one line) and `<name>.txt` (the body), in French.
"""
import os
import smtplib
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app, render_template
from sqlalchemy import select

from app.extensions import db
from app.database import begin_write
from app.timeutil import utcnow


def build_message(to, template, **context):
    """Render a mail template into an EmailMessage addressed to `to`."""
    subject = render_template(f"mail/{template}.subject.txt", **context).strip()
    body = render_template(f"mail/{template}.txt", **context)
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="gtec.invalid")
    message["X-GTEC-Template"] = template
    message.set_content(body)
    return message


def send(to, template, **context):
    """Send one templated mail now; returns the message, or None if the user opted out."""
    from app.notifications.kinds import kind_of
    from app.notifications.services import wants
    user_id = _user_id(to)
    if user_id is not None and not wants(user_id, kind_of(template)):
        return None
    message = build_message(to, template, **context)
    config = current_app.config
    if config["MAIL_SERVER"]:
        _send_smtp(message, config)
    else:
        _write_outbox(message, Path(config["OUTBOX"]))
    _log(message, user_id, template)
    return message


def _user_id(address):
    from app.auth.models import User
    return db.session.scalar(select(User.id).where(User.email == address))


def _log(message, user_id, template):
    """Log the mail; commit it now unless a unit of work is under way (its commit will)."""
    from app.notifications.models import SentMail
    session = db.session()
    busy = bool(session.new or session.dirty or session.deleted) or (
        session.in_transaction()
        and session.connection().get_execution_options().get("write_lock", False))
    if not busy:
        begin_write()  # SQLite: take the write lock first, never upgrade a read
    db.session.add(SentMail(recipient=str(message["To"]), user_id=user_id, template=template,
                            subject=str(message["Subject"])[:300]))
    if not busy:
        db.session.commit()


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
    draft = outbox / f".{name}.part"
    draft.write_bytes(bytes(message))
    os.replace(draft, outbox / name)
