"""Reading the .eml files the application writes to its outbox."""
import email
import socket
from contextlib import contextmanager
from email import policy
from pathlib import Path

from aiosmtpd.controller import Controller


class Mailbox:
    def __init__(self, folder):
        self.folder = Path(folder)

    def messages(self):
        """Every message written so far, oldest first."""
        files = sorted(self.folder.glob("*.eml"), key=lambda p: (p.stat().st_mtime_ns, p.name))
        return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in files]

    def to(self, address):
        """The messages sent to one address."""
        return [m for m in self.messages() if m["To"] == address]

    def last_to(self, address):
        messages = self.to(address)
        assert messages, f"no mail to {address}"
        return messages[-1]

    @staticmethod
    def body(message):
        return message.get_content()


@contextmanager
def smtp_server(app, handler):
    """A real SMTP server (aiosmtpd, `handler`) on 127.0.0.1 that `app` sends through."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False)
    try:
        yield port
    finally:
        controller.stop()
