"""Domain errors raised by services and turned into French messages by views."""
from flask_babel import gettext as _


class DomainError(Exception):
    """A refused operation; str(error) is the message shown to the user."""

    def __init__(self, message=None):
        super().__init__(message or self.default_message())

    def default_message(self):
        return "Opération refusée."


class EmailTaken(DomainError):
    pass


class InvalidCredentials(DomainError):
    pass


class TooManyAttempts(DomainError):
    pass


class AccountUnavailable(DomainError):
    pass


class InvalidToken(DomainError):
    pass


class InvalidTransition(DomainError):
    pass


class NotAllowed(DomainError):
    """The actor's right, checked again under the lock, is gone (app/permissions.check_allowed)."""

    def default_message(self):
        return _("Vous n'avez plus le droit de faire cela.")
