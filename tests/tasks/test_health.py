"""/healthz tells how long the oldest message has waited for its task, and answers 503
past HEALTH_MAX_TASK_AGE (the consumer stopped: nothing is lost, it waits)."""
from datetime import timedelta

from app.extensions import db
from app.notifications.models import SentMessage
from app.timeutil import utcnow


def waiting(age, **fields):
    db.session.add(SentMessage(recipient="julie@example.org", template="password_reset",
                               subject="Réinitialisation", body="Bonjour",
                               at=utcnow() - age, **{"status": "queued", **fields}))
    db.session.commit()


def health(client):
    response = client.get("/healthz")
    body = response.get_json()
    return response.status_code, body["checks"]["task_backlog"], body["oldest_task_age"]


def test_no_waiting_task_is_healthy(client):
    assert health(client) == (200, "ok", 0)


def test_a_task_waiting_a_little_is_reported_and_healthy(app, client):
    waiting(timedelta(minutes=2))
    status, check, age = health(client)
    assert (status, check) == (200, "ok") and 120 <= age < 180


def test_a_task_waiting_past_the_threshold_answers_503(app, client):
    waiting(timedelta(minutes=20))
    status, check, age = health(client)
    assert status == 503 and "consumer" in check and age >= 1200
    app.config["HEALTH_MAX_TASK_AGE"] = 3600
    assert health(client)[0] == 200


def test_a_retry_waits_from_its_due_time_not_from_its_first_try(app, client):
    waiting(timedelta(hours=3), status="failed", error="SMTP", attempts=3,
            next_attempt_at=utcnow() + timedelta(minutes=4))
    assert health(client) == (200, "ok", 0)
    waiting(timedelta(hours=3), status="failed", error="SMTP", attempts=3,
            next_attempt_at=utcnow() - timedelta(minutes=30))
    assert health(client)[0] == 503
