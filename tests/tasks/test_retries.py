"""Failures are retried with a growing delay (on a frozen clock), then kept for staff."""
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app import tasks
from app.extensions import db
from app.notifications import delivery
from app.notifications.models import SentMessage
from app.notifications.policy import notify
from app.tasks import FailedTask


@pytest.fixture
def broken_outbox(app):
    """A file where the outbox folder should be: every mail fails (root included)."""
    folder = Path(app.config["OUTBOX"])
    shutil.rmtree(folder)
    folder.write_text("pas un dossier")

    def repair():
        folder.unlink()
        folder.mkdir()
    return repair


def the_message():
    db.session.expire_all()
    return db.session.scalar(select(SentMessage))


def test_a_failing_mail_is_retried_later_and_later_then_kept(
        app, client, auth, clock, candidate, staff, broken_outbox, outbox):
    app.config["MESSAGE_MAX_ATTEMPTS"] = 4
    start = clock.now
    with app.test_request_context():
        notify(candidate.email, "password_reset", user=candidate, token="t", minutes=30)
    first = the_message()
    assert (first.status, first.attempts) == ("failed", 1)
    assert first.next_attempt_at == start + timedelta(minutes=1)
    clock.advance(timedelta(seconds=59))
    delivery.sweep()
    assert the_message().attempts == 1  # not due yet
    waits = []
    for _ in range(3):
        due = the_message().next_attempt_at
        waits.append(due - clock.now)
        clock.now = due
        delivery.sweep()
    assert [w.total_seconds() for w in waits] == [1, 120, 240]
    kept = the_message()
    assert (kept.status, kept.attempts, kept.next_attempt_at) == ("failed", 4, None)
    assert "NotADirectoryError" in kept.error or "FileExistsError" in kept.error
    clock.advance(timedelta(days=1))
    delivery.sweep()
    assert the_message().attempts == 4  # given up: only a person sends it again

    auth.login(candidate)
    assert client.get("/notifications/failed").status_code == 403
    auth.logout()
    auth.login(staff)
    page = client.get("/notifications/failed").text
    assert "<strong>Échec</strong>" in page and candidate.email in page
    broken_outbox()
    client.post(f"/notifications/failed/{kept.id}/retry")
    assert the_message().status == "sent"
    assert len(outbox.to(candidate.email)) == 1


def test_a_permanent_refusal_is_not_retried(app, clock, candidate, outbox):
    candidate.email = "julie@example.org\nBcc: tous@example.org"
    db.session.commit()
    with app.test_request_context():
        notify(candidate.email, "password_reset", user=candidate, token="t", minutes=30)
    refused = the_message()
    assert (refused.status, refused.next_attempt_at) == ("refused", None)
    clock.advance(timedelta(hours=1))
    delivery.sweep()
    assert the_message().attempts == 1 and outbox.messages() == []


@tasks.task()
def exploding():
    raise ValueError("boum")


def test_a_task_that_keeps_failing_is_kept_and_shown_to_staff(app, client, auth, staff):
    with app.test_request_context():
        exploding()
    (failed,) = db.session.scalars(select(FailedTask)).all()
    assert failed.name == "exploding" and "ValueError: boum" in failed.error
    auth.login(staff)
    assert "ValueError: boum" in client.get("/notifications/failed").text
