"""Several processes write at once: applications, bookings, vacancy edits.

On SQLite (WAL, busy timeout, BEGIN IMMEDIATE) and on PostgreSQL (row locks),
no write fails with "database is locked", none is lost, and counts are exact.
"""
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.cv.models import Application
from app.extensions import db
from app.pool.models import Vacancy
from app.training.models import SeatBooking, TrainingSession
from tests import factories
from tests.holds.workers import run_together

PROCESSES = 5
VACANCIES = 3
SEATS = 3
EDITS = 3


def _people():
    lead = factories.establishment(name="EHPAD Les Tilleuls")
    editor = factories.user("member", establishment=lead)
    others = [factories.establishment() for _ in range(PROCESSES)]
    members = [factories.user("member", establishment=other) for other in others]
    candidates = [factories.cv_profile().user for _ in range(PROCESSES)]
    return lead, editor, others, members, candidates


def _jobs(editor, members, candidates, published, session, shared, edited):
    return [[*(("tests.holds.jobs.apply", (candidates[n].id, v.id)) for v in published),
             ("tests.holds.jobs.book", (members[n].id, session.id, f"Salariée {n}-1")),
             ("tests.holds.jobs.confirm_share", (members[n].id, shared.id)),
             ("tests.holds.jobs.book", (members[n].id, session.id, f"Salariée {n}-2")),
             *(("tests.holds.jobs.edit", (editor.id, edited.id, f"Édition {n}-{k}"))
               for k in range(EDITS))]
            for n in range(PROCESSES)]


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_processes_writing_at_once_lose_nothing(app, tmp_path):
    lead, editor, others, members, candidates = _people()
    published = [factories.vacancy(lead, status="published", title=f"Offre {n}",
                                   commune=f"Commune {n}") for n in range(VACANCIES)]
    session = factories.training_session(seats_open=SEATS)
    shared = factories.vacancy(lead, co_employers=[(o, 10, False) for o in others])
    edited = factories.vacancy(lead, title="Avant")
    jobs = _jobs(editor, members, candidates, published, session, shared, edited)
    db.session.commit()

    outcomes = run_together(app.config["DATABASE_URL"], tmp_path, jobs)

    assert [error for _job, error in outcomes if error != "ok"] == []
    db.session.commit()
    assert _count(Application) == PROCESSES * VACANCIES
    assert _count(SeatBooking) == 2 * PROCESSES
    assert _count(SeatBooking, SeatBooking.status == "confirmed") == SEATS
    assert db.session.get(TrainingSession, session.id).seats_taken == SEATS
    assert db.session.get(Vacancy, shared.id).unconfirmed_shares == []
    assert _count(AuditEvent, AuditEvent.action == "vacancy_edit") == PROCESSES * EDITS
    titles = {f"Édition {n}-{EDITS - 1}" for n in range(PROCESSES)}
    assert db.session.get(Vacancy, edited.id).title in titles
