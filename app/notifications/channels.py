"""The channels a message can take, behind one interface.

A channel is an object (or module) with:

- `NAME`: "mail", "sms", "push"…, stored in the log and the preferences;
- `LABEL`: its French name, lazy;
- `DEFAULT` (optional, False): whether a kind takes it when the user chose nothing;
- `reaches(user) -> bool`: the user can be reached on it (an address, a phone,
  a subscription);
- `deliver(user, message) -> None`: sends it now. `message` has `.subject`,
  `.body` (plain text), `.url` (absolute link or None), `.kind`, `.recipient`,
  `.id` and `.urgent`; `user` is None for an address without an account.
  It raises `ChannelError(retry=True)` for a temporary failure (retried
  later with a growing delay) and `ChannelError(retry=False)` for a
  permanent one (kept for staff, not retried).

`register(channel)` adds one to `CHANNELS` (in order: the preferences page
shows them so). Mail is registered here; SMS by app/notifications/sms.py.
"""
from flask_babel import lazy_gettext as _l

from app import mail


class ChannelError(Exception):
    """A delivery that did not happen; `retry_at` defers it without counting a failure."""

    def __init__(self, reason, retry=True, retry_at=None):
        super().__init__(reason)
        self.retry, self.retry_at = retry, retry_at


CHANNELS = {}


def register(channel):
    """Make a channel available to the policy and the preferences page."""
    CHANNELS[channel.NAME] = channel
    return channel


class MailChannel:
    NAME = "mail"
    LABEL = _l("Courriel")
    DEFAULT = True

    @staticmethod
    def reaches(user):
        return bool(user.email)

    @staticmethod
    def deliver(user, message):
        try:
            built = mail.compose(message.recipient, message.subject, message.body,
                                 message_id=f"message-{message.id}", template=message.template)
        except ValueError as error:  # an address or header that cannot be sent, ever
            raise ChannelError(f"{type(error).__name__}: {error}", retry=False) from error
        try:
            mail.transmit(built, name=f"{message.created_at:%Y%m%d-%H%M%S}-{message.id:09d}")
        except Exception as error:  # SMTP down or refusing, outbox not writable: later
            raise ChannelError(f"{type(error).__name__}: {error}") from error


MAIL = register(MailChannel())
