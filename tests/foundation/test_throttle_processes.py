"""The login limit is shared by every worker process, not kept in one."""
import multiprocessing

from tests import factories
from tests.conftest import make_app


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
