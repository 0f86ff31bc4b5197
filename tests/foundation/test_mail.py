"""Mail: written to the outbox without a server, sent over SMTP with one."""
from email.header import decode_header, make_header

import pytest
from aiosmtpd.handlers import Message

from app import mail
from tests.mailbox import smtp_server


class Collect(Message):
    def __init__(self):
        super().__init__()
        self.received = []

    def handle_message(self, message):
        self.received.append(message)


@pytest.fixture
def smtp(app):
    handler = Collect()
    with smtp_server(app, handler):
        yield handler


def test_without_a_server_mail_is_written_to_the_outbox(app, outbox, candidate):
    with app.test_request_context():
        mail.send(candidate.email, "password_reset", user=candidate, token="abc", minutes=60)
    (message,) = outbox.messages()
    assert message["To"] == candidate.email
    assert "Réinitialisation" in message["Subject"]
    assert "Bonjour Julie" in outbox.body(message)


def test_with_a_server_mail_goes_over_smtp(app, outbox, candidate, smtp):
    handler = smtp
    with app.test_request_context():
        mail.send(candidate.email, "password_reset", user=candidate, token="abc", minutes=60)
    assert outbox.messages() == []
    (message,) = handler.received
    assert message["To"] == candidate.email
    assert str(make_header(decode_header(message["Subject"]))).startswith("Réinitialisation")
