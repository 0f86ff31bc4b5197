"""Several processes book the last seats of a session at the same moment.

Each process builds its own application on the test database (SQLite file or
PostgreSQL), waits at a barrier, then books: the lock taken by the service is
all that stands between them.
"""
import multiprocessing

from sqlalchemy import select

from app.extensions import db
from app.training.models import SeatBooking, TrainingSession
from tests import factories

PROCESSES = 6
SEATS = 3


def _book(database_url, root, user_id, session_id, barrier, results):
    """In a child process: an app of its own, then one booking of one seat."""
    from app.auth.models import User
    from app.training import seats
    from tests.conftest import make_app
    app = make_app(database_url, root)
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.commit()
        barrier.wait(timeout=60)
        try:
            booking = seats.book(user, session_id, [(f"Salarié de {user_id}", "J1501")])
        except Exception as error:  # reported to the test rather than lost in the child
            results.put((user_id, repr(error)))
        else:
            results.put((user_id, booking.status))
        db.engine.dispose()


def test_processes_never_oversell_and_the_rest_waits_in_order(app, tmp_path):
    session = factories.training_session(seats_open=SEATS)
    members = [factories.user("member", establishment=factories.establishment())
               for _ in range(PROCESSES)]
    user_ids, session_id = [m.id for m in members], session.id
    db.session.commit()  # end this test's read transaction: it would see an old snapshot
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    workers = [context.Process(target=_book, args=(
        app.config["DATABASE_URL"], tmp_path / f"p{n}", user_id, session_id, barrier,
        results)) for n, user_id in enumerate(user_ids)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0

    expected = ["confirmed"] * SEATS + ["waiting"] * (PROCESSES - SEATS)
    assert sorted(status for _user, status in outcomes) == expected
    db.session.commit()
    assert db.session.get(TrainingSession, session_id).seats_taken == SEATS
    bookings = db.session.scalars(select(SeatBooking).order_by(SeatBooking.id)).all()
    # Served in the order the lock was obtained: every confirmed booking came first.
    assert [b.status for b in bookings] == expected
    assert [b.created_at for b in bookings] == sorted(b.created_at for b in bookings)
