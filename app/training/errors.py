"""Refusals of the training services, each with its French message."""
from app.errors import DomainError


class TrainingError(DomainError):
    """A refused training operation; `field` names the form field it concerns."""

    field = None

    def __init__(self, message=None, field=None):
        super().__init__(message)
        self.field = field or self.field


class InvalidSession(TrainingError):
    pass


class BookingClosed(TrainingError):
    pass


class TooManySeats(TrainingError):
    field = "attendees"


class NoSeatsRequested(TrainingError):
    field = "attendees"


class AlreadyCancelled(TrainingError):
    pass


class NotYourBooking(TrainingError):
    pass


class AttendanceTooEarly(TrainingError):
    pass
