"""Reading the .eml files the application writes to its outbox."""
import email
from email import policy
from pathlib import Path


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
