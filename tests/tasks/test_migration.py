"""Migration 0013 keeps what people chose and what was waiting to be sent."""
import os
from email.message import EmailMessage

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from app import create_app
from app.extensions import db

pytestmark = pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")),
                                reason="a database of its own, migrated step by step (SQLite)")


def test_mail_preferences_and_failed_mails_survive_the_migration(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "t",
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'old.sqlite'}",
                      "UPLOAD_FOLDER": str(tmp_path / "u"), "SEARCH_INDEX": str(tmp_path / "s"),
                      "OUTBOX": str(tmp_path / "o"), "SMS_OUTBOX": str(tmp_path / "sms")})
    old = EmailMessage()
    old["To"], old["Subject"] = "julie@example.org", "Votre candidature"
    old.set_content("Bonjour Julie,\nvotre candidature est envoyée.\n")
    with app.app_context():
        upgrade(revision="0012")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO user (id, email, password_hash, first_name, last_name, role, "
                "disabled, session_token, created_at) VALUES (1, 'julie@example.org', 'x', "
                "'Julie', 'Martin', 'candidate', 0, 'token', '2026-01-01 00:00:00')"))
            connection.execute(text(
                "INSERT INTO mail_preference (user_id, kind) VALUES (1, 'alerts')"))
            connection.execute(text(
                "INSERT INTO sent_mail (at, recipient, user_id, template, subject, status, error, "
                "message) VALUES ('2026-01-02 00:00:00', 'julie@example.org', 1, "
                "'application_received_candidate', 'Votre candidature', 'failed', 'SMTP', :m)"),
                {"m": old.as_string()})
        upgrade()
        with db.engine.connect() as connection:
            preferences = connection.execute(text(
                "SELECT user_id, kind, channel, enabled FROM notification_preference")).all()
            message = connection.execute(text(
                "SELECT channel, kind, status, body, attempts FROM sent_message")).one()
        db.engine.dispose()
    assert preferences == [(1, "alerts", "mail", False)]
    assert message[:3] == ("mail", "applications", "failed") and message.attempts == 1
    assert message.body == "Bonjour Julie,\nvotre candidature est envoyée.\n"
