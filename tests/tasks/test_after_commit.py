"""A message is queued only when the unit of work that wrote it commits."""
import pytest
from sqlalchemy import select

from app import tasks
from app.extensions import db
from app.notifications.models import SentMessage
from app.notifications.policy import notify
from app.work import unit_of_work


def rows():
    db.session.expire_all()
    return db.session.scalars(select(SentMessage).order_by(SentMessage.id)).all()


def reset(user):
    return notify(user.email, "password_reset", user=user, token="t", minutes=30)


def test_nothing_is_sent_nor_kept_after_a_rollback(app, candidate, outbox):
    with app.test_request_context():
        with pytest.raises(RuntimeError):
            with unit_of_work():
                reset(candidate)
                raise RuntimeError("the action fails")
    assert rows() == [] and outbox.messages() == []


def test_the_message_goes_after_the_commit_not_before(app, candidate, outbox):
    with app.test_request_context():
        with unit_of_work():
            (row,) = reset(candidate)
            assert outbox.messages() == [] and row.status == "queued"
    (sent,) = rows()
    assert sent.status == "sent" and sent.attempts == 1 and sent.body is None
    (message,) = outbox.to(candidate.email)
    assert message["Message-ID"] == f"<message-{sent.id}@gtec.invalid>"


def test_a_real_store_gets_the_task_only_after_the_commit(queued_app, candidate):
    with queued_app.test_request_context():
        with pytest.raises(RuntimeError):
            with unit_of_work():
                reset(candidate)
                raise RuntimeError
        assert tasks.waiting() == 0
        with unit_of_work():
            reset(candidate)
            assert tasks.waiting() == 0
        assert tasks.waiting() == 1
    (row,) = rows()
    assert row.status == "queued"  # waits for a consumer, in the store and in the log


def test_a_task_run_twice_sends_once(app, candidate, outbox):
    """Tasks re-read what they act on: a second run finds the message sent."""
    from app.notifications.delivery import deliver_message
    with app.test_request_context():
        (row,) = reset(candidate)
        deliver_message(row.id)
        deliver_message(row.id)
    assert len(outbox.to(candidate.email)) == 1
