"""The training routes in the permission matrix.

member_a's establishment organises the sessions; member_b booked a seat.
Another establishment's booking or an unpublished session answers 404. The
member of an establishment still pending reads no training page nor calendar.
"""
from tests.matrix import logged_in, members_only

NOT_SEEN = {"candidate": 403, "member_pending": 403}
SEEN = logged_in(200, **NOT_SEEN)                       # active members and staff
ORGANISER = logged_in(404, **NOT_SEEN, member_a=200, staff=200)
BOOKER = logged_in(403, member_a=404, member_b=200)    # member_b's own booking

ROUTES = {
    "training.index": ("GET", "/training/", SEEN),
    "training.new": ("GET", "/training/new", SEEN),
    "training.organised": ("GET", "/training/organised", SEEN),
    "training.detail": ("GET", "/training/{published}", SEEN),
    "training.session_ics": ("GET", "/training/{published}.ics", SEEN),
    "training.calendar_ics": ("GET", "/training/calendar.ics", SEEN),
    "training.book": ("GET", "/training/{published}/book", members_only(200)),
    "training.my_bookings": ("GET", "/training/bookings", members_only(200)),
    "training.renewals_due": ("GET", "/training/renewals", members_only(200)),
    "training.cancel": ("GET", "/training/bookings/{booking}/cancel", BOOKER),
    "training.session_bookings": ("GET", "/training/{published}/bookings", ORGANISER),
    "training.bookings_csv": ("GET", "/training/{published}/bookings.csv", ORGANISER),
    "training.attendance_sheet": ("GET", "/training/{published}/sheet", ORGANISER),
    "training.attendance_record": ("GET", "/training/{published}/attendance", ORGANISER),
    "training.edit": ("GET", "/training/{published}/edit", ORGANISER),
    "training.cancel_session": ("GET", "/training/{published}/cancel", ORGANISER),
}

CASES = {
    "training.detail: a session waiting for moderation": (
        "GET", "/training/{pending}", logged_in(404, **NOT_SEEN, member_a=200, staff=200)),
    "training.session_ics: a session waiting for moderation": (
        "GET", "/training/{pending}.ics", logged_in(404, **NOT_SEEN, member_a=200, staff=200)),
}


def objects(people):
    from tests import factories
    organiser = people["establishment_a"]
    published = factories.training_session(organiser, created_by=people["member_a"])
    pending = factories.training_session(organiser, created_by=people["member_a"],
                                         status="pending", published_at=None)
    booking = factories.seat_booking(published, people["member_b"])
    return {"published": published.id, "pending": pending.id, "booking": booking.id}


# The private feeds (issue 19): no login, the secret in the URL.
from tests.matrix import everyone  # noqa: E402

ROUTES.update({
    "training.my_feed": ("GET", "/training/agenda", SEEN),
    "training.renew_feed": ("POST", "/training/agenda/renew", logged_in(302, **NOT_SEEN)),
    "training.feed_ics": ("GET", "/training/agenda/{feed_token}/bookings.ics", everyone(200)),
})
CASES.update({
    "training.feed_ics: an unknown or renewed secret": (
        "GET", "/training/agenda/not-a-feed-token/sessions.ics", everyone(404)),
})
_objects = objects


def objects(people):
    from app import feeds
    return {**_objects(people), "feed_token": feeds.renew(people["member_b"], "training")}
