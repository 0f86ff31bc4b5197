"""Real consumer processes: one killed with SIGKILL mid-send, two racing for a periodic task."""
import asyncio
import signal
import threading
import time

from app import tasks
from app.extensions import db
from app.notifications.models import SentMessage
from app.notifications.policy import notify
from tests.mailbox import smtp_server
from tests.tasks import consumers, periodic_job


class Stalling:
    """An SMTP server that holds the first message until released (it is never
    accepted: the sender died meanwhile), then accepts the next ones."""

    def __init__(self):
        self.first, self.release, self.accepted = threading.Event(), threading.Event(), []

    async def handle_DATA(self, server, session, envelope):
        if not self.first.is_set():
            self.first.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Réessayez plus tard"
        self.accepted.append(envelope.content)
        return "250 OK"


def status_of(message_id):
    db.session.commit()  # a new snapshot: what the consumers committed since
    return db.session.get(SentMessage, message_id)


def test_a_consumer_killed_mid_send_is_replaced_and_the_mail_goes_once(
        queued_app, database_url, tmp_path, candidate):
    handler = Stalling()
    with smtp_server(queued_app, handler) as port:
        env = consumers.environment(database_url, tmp_path, MAIL_SERVER="127.0.0.1",
                                    MAIL_PORT=port)
        with queued_app.test_request_context():
            (row,) = notify(candidate.email, "password_reset", user=candidate, token="t",
                            minutes=30)
        first = consumers.start(env, tmp_path / "consumer-1.log")
        try:
            assert handler.first.wait(timeout=60), "the consumer never sent"
            assert status_of(row.id).status == "sending"
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        finally:
            handler.release.set()
            consumers.stop(first)
        time.sleep(2.5)  # the claim of the dead consumer is now stale
        second = consumers.start(env, tmp_path / "consumer-2.log")
        try:
            consumers.wait_for(lambda: status_of(row.id).status == "sent", what="the retry")
        finally:
            consumers.stop(second)
    assert len(handler.accepted) == 1
    assert f"message-{row.id}@gtec.invalid".encode() in handler.accepted[0]
    assert status_of(row.id).attempts == 2


def test_two_consumers_run_a_periodic_task_once(queued_app, database_url, tmp_path):
    count = tmp_path / "runs.txt"
    count.touch()
    env = consumers.environment(database_url, tmp_path, COUNT_FILE=count)
    job = tasks.PERIODIC[periodic_job.count_run.__name__]
    for _ in range(2):  # what both consumers' schedulers queue at the same minute
        tasks.huey.enqueue(job.s())
    assert tasks.waiting() == 2
    processes = [consumers.start(env, tmp_path / f"consumer-{n}.log") for n in (1, 2)]
    try:
        consumers.wait_for(lambda: tasks.waiting() == 0, what="both tasks taken")
        time.sleep(2)  # a second run would have started and noted itself by now
    finally:
        for process in processes:
            consumers.stop(process)
    assert len(count.read_text().split()) == 1
    db.session.commit()
    run = db.session.get(tasks.PeriodicRun, "count_run")
    assert run is not None and run.slot == tasks.utcnow().strftime("%Y-%m-%d")
