"""Outgoing mail: builds messages and transmits them, through SMTP when
configured, else as .eml files in the outbox. It only delivers: who gets
which message on which channel, and when, is the notification policy's
(app/notifications), which writes the message in the unit of work and has a
task deliver it after the commit.

Every message is built from a template pair in templates/mail/:
`<name>.subject.txt` (one line) and `<name>.txt` (the body), in French.
"""
import logging
import smtplib
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app, render_template

from app import durable
from app.timeutil import utcnow

log = logging.getLogger(__name__)
_policy = {}


class MailFailed(Exception):
    """A mail that could not be built or transmitted now."""

    def __init__(self, to, template):
        super().__init__(f"mail {template!r} to {to} failed")
        self.to, self.template = to, template


def render(template, **context):
    """The (one-line subject, body) of a mail template."""
    subject = render_template(f"mail/{template}.subject.txt", **context)
    body = render_template(f"mail/{template}.txt", **context)
    # One line whatever a title held: a line break in a header cannot be sent.
    return " ".join(subject.split()), body


def compose(to, subject, body, message_id=None, template=""):
    """An EmailMessage; raises ValueError for an address or header that cannot be sent."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    # A stable id (the log row's) lets a receiver drop a mail sent again after a crash.
    message["Message-ID"] = (f"<{message_id}@gtec.invalid>" if message_id
                             else make_msgid(domain="gtec.invalid"))
    message["X-GTEC-Template"] = template
    message.set_content(body)
    return message


def build_message(to, template, **context):
    """Render a mail template into an EmailMessage addressed to `to`."""
    subject, body = render(template, **context)
    return compose(to, subject, body, template=template)


def transmit(message, name=None):
    """Send one built message now (raises on failure).

    `name`: the outbox file's name; the same name is the same file, so a
    message written again after a crash is still one message.
    """
    config = current_app.config
    if config["MAIL_SERVER"]:
        _send_smtp(message, config)
    else:
        _write_outbox(message, Path(config["OUTBOX"]), name)


def deliver(to, template, **context):
    """Build and transmit one mail now, or raise MailFailed: for callers that retry themselves."""
    try:
        message = build_message(to, template, **context)
        transmit(message)
    except Exception as error:
        raise MailFailed(to, template) from error
    return message


def use_policy(notify):
    """The notification policy registers the function that `send` hands messages to."""
    _policy["notify"] = notify


def send(to, template, **context):
    """Hand a templated message to the notification policy (app/notifications.policy.notify).

    Inside a unit of work the message is written in it and delivered after its
    commit; outside one (an after-commit hook), in a unit of work of its own.
    """
    return _policy["notify"](to, template, **context)


def _send_smtp(message, config):
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
        smtp.send_message(message)


def _write_outbox(message, outbox, name=None):
    """Write the message whole, then rename, so no half file is ever read."""
    outbox.mkdir(parents=True, exist_ok=True)
    name = name or f"{utcnow():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:12]}"
    durable.write_file(outbox / f"{name}.eml", bytes(message))
