"""Two staff members decide on the same item at the same moment, in two processes."""
import multiprocessing

from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.extensions import db
from app.pool.models import Vacancy
from tests import factories


def _decide(database_url, root, staff_id, vacancy_id, decision, barrier, results):
    """In a child process: an app of its own, then one decision through the queue."""
    from app.auth.models import User
    from app.errors import DomainError
    from app.staff import queue
    from tests.conftest import make_app
    app = make_app(database_url, root)
    with app.app_context(), app.test_request_context():
        staff = db.session.get(User, staff_id)
        db.session.commit()
        barrier.wait(timeout=60)
        try:
            if decision == "approve":
                queue.approve(staff, "vacancy", vacancy_id)
            else:
                queue.reject(staff, "vacancy", vacancy_id, "incomplete", "Précisez.")
        except DomainError as error:
            results.put((decision, str(error)))
        except Exception as error:  # reported to the test rather than lost in the child
            results.put((decision, repr(error)))
        else:
            results.put((decision, "done"))
        db.engine.dispose()


def test_only_one_of_two_simultaneous_decisions_wins(app, tmp_path, establishment_a, member_a,
                                                     outbox):
    vacancy = factories.vacancy(establishment_a, status="pending", author=member_a)
    first, second = factories.user("staff"), factories.user("staff")
    args = [(first.id, "approve"), (second.id, "reject")]
    vacancy_id = vacancy.id
    db.session.commit()  # end this test's read transaction before the children write
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [context.Process(target=_decide, args=(
        app.config["DATABASE_URL"], tmp_path / f"p{n}", staff_id, vacancy_id, decision, barrier,
        results)) for n, (staff_id, decision) in enumerate(args)]
    for worker in workers:
        worker.start()
    outcomes = dict(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0

    winners = [d for d, outcome in outcomes.items() if outcome == "done"]
    assert len(winners) == 1, outcomes
    (loser,) = set(outcomes) - set(winners)
    assert outcomes[loser].startswith("Un autre membre de l'équipe vient de traiter cet élément")
    db.session.commit()
    expected = "published" if winners == ["approve"] else "rejected"
    assert db.session.get(Vacancy, vacancy_id).status == expected
    decisions = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action.in_(["vacancy_publish", "vacancy_reject"])))
    assert decisions == 1
