"""Units of work the replacement race tests run in child processes, by ids only."""
from app.auth.models import User
from app.extensions import db

HOLD = 20  # seconds a held job waits at most for the other process


def _user(user_id):
    user = db.session.get(User, user_id)
    db.session.commit()  # the service starts its own write unit of work
    return user


def accept(user_id, mission_id):
    from app.replacements import booking
    booking.accept(_user(user_id), mission_id)


def pick(member_id, assignment_id):
    from app.replacements import booking
    booking.pick(_user(member_id), assignment_id)


def pick_held(member_id, assignment_id, checked, tried, booked):
    """Pick, stopping once the person's hours are counted (under the locks) until the
    other member has tried to book the same person, and for up to 3 s more while that
    booking may go through."""
    from app.replacements import eligibility
    real = eligibility.refusals

    def held(mission, profile, **options):
        codes = real(mission, profile, **options)
        checked.set()
        assert tried.wait(timeout=HOLD)
        booked.wait(timeout=3)  # held by the profile's lock, it never comes
        return codes

    eligibility.refusals = held
    try:
        pick(member_id, assignment_id)
    finally:
        eligibility.refusals = real


def pick_while_held(member_id, assignment_id, checked, tried, booked):
    """Pick once the other member's booking holds its locks."""
    assert checked.wait(timeout=HOLD)
    tried.set()
    try:
        pick(member_id, assignment_id)
    finally:
        booked.set()
