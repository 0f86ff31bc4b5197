"""The login limit is shared by every worker process, and counted atomically."""
import multiprocessing

from sqlalchemy import func, select

from app.auth.models import LoginFailure
from app.extensions import db
from tests import factories
from tests.conftest import make_app
from tests.holds.workers import run_together


def _fail_logins(database_url, root, email, times):
    app = make_app(database_url, root)
    client = app.test_client()
    for _ in range(times):
        client.post("/auth/login", data={"email": email, "password": "not the password"})


def test_failures_in_other_processes_count(app, client, tmp_path):
    user = factories.user("candidate")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_fail_logins,
                               args=(app.config["DATABASE_URL"], tmp_path / f"w{n}", user.email, 3))
               for n in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    response = client.post("/auth/login", data={"email": user.email,
                                                "password": factories.PASSWORD})
    assert response.status_code == 429


def test_parallel_wrong_passwords_get_no_more_checks_than_the_limit(app, tmp_path):
    """Eight processes at once, two tries each: five password checks, never more."""
    user = factories.user("candidate")
    attempt = ("app.auth.services.authenticate", (user.email, "not the password", "192.0.2.1"))
    outcomes = run_together(app.config["DATABASE_URL"], tmp_path, [[attempt] * 2] * 8)
    refused = [result for _, result in outcomes if result.startswith("TooManyAttempts")]
    checked = [result for _, result in outcomes if result.startswith("InvalidCredentials")]
    assert (len(checked), len(refused)) == (5, 11)
    # every check left its failure: none was lost between the count and the check
    db.session.commit()  # a fresh read: this session's snapshot predates the processes
    assert db.session.scalar(select(func.count(LoginFailure.id))) == 5
