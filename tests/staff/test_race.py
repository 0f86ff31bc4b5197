"""Two staff members decide on the same item at the same moment, in two processes."""
import multiprocessing

from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.auth.models import User
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


def disable(actor_id, user_id):
    """In a child process (tests/holds/workers.py): one staff member disables another."""
    from app.staff import users
    actor = db.session.get(User, actor_id)
    db.session.commit()
    users.set_disabled(actor, user_id, True)


def test_two_staff_disabling_each_other_at_once_leave_one_active(app, tmp_path):
    """Each actor's right is re-checked with its account locked: the second to get the lock
    finds itself disabled and is refused, so the association keeps one active staff member."""
    from tests.holds.workers import run_together
    first, second = factories.user("staff"), factories.user("staff")
    ids = first.id, second.id
    db.session.commit()
    outcomes = run_together(app.config["DATABASE_URL"], tmp_path, [
        [("tests.staff.test_race.disable", (ids[0], ids[1]))],
        [("tests.staff.test_race.disable", (ids[1], ids[0]))]])
    results = sorted(outcome for _target, outcome in outcomes)
    assert results[1] == "ok" and results[0].startswith("NotAllowed("), results
    db.session.commit()
    active = db.session.scalars(select(User.id).where(User.role == "staff",
                                                      User.disabled.is_(False))).all()
    assert len(active) == 1
    disables = db.session.scalars(select(AuditEvent.actor_id).where(
        AuditEvent.action == "user_disable")).all()
    assert disables == active  # the one who is still active made the one change
