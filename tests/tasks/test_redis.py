"""TASKS_URL naming Redis: the queue waits in a real redis-server the test starts on 127.0.0.1."""
import os
import shutil
import socket
import subprocess  # nosec B404
import time

import pytest
from huey.storage import RedisStorage
from sqlalchemy import select

from app import tasks
from app.extensions import db
from app.notifications.models import SentMessage
from app.notifications.policy import notify
from app.work import unit_of_work
from tests.conftest import make_app
from tests.tasks import consumers


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    """A redis-server of the test's own; missing, it fails in CI and is skipped elsewhere."""
    binary = shutil.which("redis-server") or ("/usr/bin/redis-server"
                                              if os.path.exists("/usr/bin/redis-server") else None)
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is missing: `make test` installs it (scripts/install-system-deps.sh)")
        pytest.skip("redis-server is not installed (apt install redis-server)")
    port = free_port()
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1",  # nosec B603
                               "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        consumers.wait_for(lambda: _answers(port), timeout=20, what="redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def test_a_redis_tasks_url_builds_a_redis_queue(tmp_path):
    storage = tasks.store_for({"TASKS_URL": "redis://127.0.0.1:6390/2"}, tmp_path)
    assert isinstance(storage, RedisStorage)
    assert storage.conn.connection_pool.connection_kwargs["port"] == 6390


def test_a_task_queued_after_commit_runs_through_redis(app, database_url, tmp_path, redis_url,
                                                       candidate, outbox):
    queued = make_app(database_url, tmp_path, TASKS_IMMEDIATE=False, TASKS_URL=redis_url)
    try:
        assert isinstance(tasks.huey.storage, RedisStorage)
        tasks.huey.flush()
        with queued.app_context(), queued.test_request_context():
            with unit_of_work():
                (row,) = notify(candidate.email, "password_reset", user=candidate, token="t",
                                minutes=30)
                message_id = row.id
                assert tasks.waiting() == 0  # not before the commit
            assert tasks.waiting() == 1
        env = consumers.environment(database_url, tmp_path, TASKS_URL=redis_url)
        consumer = consumers.start(env, tmp_path / "consumer.log")
        try:
            consumers.wait_for(lambda: status_of(message_id) == "sent", what="the task through Redis")
            # the consumer's start-up sweep may have queued the message once more: a no-op
            consumers.wait_for(lambda: tasks.waiting() == 0, what="the queue emptied")
        finally:
            consumers.stop(consumer)
        assert [m["To"] for m in outbox.messages()] == [candidate.email]
    finally:
        tasks.huey.flush()
        tasks.configure(app)  # the test's own application again: tasks run at once


def status_of(message_id):
    db.session.commit()
    return db.session.scalar(select(SentMessage.status).where(SentMessage.id == message_id))
