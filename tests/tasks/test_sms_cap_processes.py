"""The daily SMS cap holds when several consumers send one person's SMS at the same time."""
import threading
import time
from pathlib import Path
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.notifications import delivery
from app.notifications.models import SentMessage
from tests import factories
from tests.holds.workers import run_together

CAP, PROCESSES = 3, 4


class SlowProvider(BaseHTTPRequestHandler):
    """An SMS provider that takes its time: every send overlaps the others."""

    received = []

    def do_POST(self):
        type(self).received.append(self.rfile.read(int(self.headers["Content-Length"])))
        time.sleep(0.3)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def provider_url():
    SlowProvider.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowProvider)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/sms"
    server.shutdown()
    server.server_close()


def _claim_then_wait(claim, meeting):
    """A consumer that, once it holds its claim, waits until every process holds one
    (a file each in `meeting`, at most 30 s): they all decide while the others hold theirs."""
    def claimed(*args):
        outcome = claim(*args)
        Path(meeting, str(args[0])).touch()
        deadline = time.monotonic() + 30
        while len(list(Path(meeting).iterdir())) < PROCESSES and time.monotonic() < deadline:
            time.sleep(0.05)
        return outcome
    return claimed


def deliver(message_id, url, meeting):
    """In a child process: send one logged SMS through the provider at `url`."""
    current_app.config.update(SMS_PROVIDER="http", SMS_URL=url, SMS_API_KEY="k",
                              SMS_TIMEOUT=10, SMS_DAILY_CAP=CAP)
    delivery._claim = _claim_then_wait(delivery._claim, meeting)
    delivery.deliver_now(message_id)


def test_four_consumers_at_once_send_exactly_the_cap(app, tmp_path, provider_url):
    person = factories.user("candidate", mobile_phone="+33612345678")
    rows = [SentMessage(channel="sms", recipient=person.email, user_id=person.id,
                        template="cv_approved", kind="moderation", subject="s", body="b",
                        url="http://localhost/cv/me", urgent=True)  # urgent: any hour
            for _ in range(PROCESSES)]
    db.session.add_all(rows)
    db.session.commit()
    ids = [row.id for row in rows]
    meeting = tmp_path / "meeting"
    meeting.mkdir()
    jobs = [[("tests.tasks.test_sms_cap_processes.deliver", (ids[n], provider_url, str(meeting)))]
            for n in range(PROCESSES)]
    outcomes = run_together(app.config["DATABASE_URL"], tmp_path, jobs)
    assert {result for _, result in outcomes} == {"ok"}
    db.session.commit()  # a fresh read
    statuses = db.session.scalars(select(SentMessage.status).order_by(SentMessage.id)).all()
    assert (statuses.count("sent"), statuses.count("refused")) == (CAP, len(ids) - CAP)
    assert len(SlowProvider.received) == CAP
