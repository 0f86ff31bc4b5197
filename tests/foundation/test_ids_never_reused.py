"""An erased person's ids are never given to someone else (the audit log names people by id).

SQLite reuses the highest rowid after a delete unless the table is AUTOINCREMENT
(migration 0018); PostgreSQL sequences never go back. Both run this file.
"""
import sqlite3

from flask_migrate import upgrade

from app.cv.privacy import delete_account
from app.extensions import db
from tests import factories
from tests.conftest import make_app


def test_the_ids_of_an_erased_candidate_go_to_nobody_else(app, establishment_a):
    vacancy = factories.vacancy(establishment_a, status="published")
    candidate = factories.user()
    profile = factories.cv_profile(candidate)
    application = factories.application(candidate, vacancy)
    erased = (candidate.id, profile.id, application.id)
    delete_account(candidate, factories.PASSWORD)
    db.session.expire_all()
    newcomer = factories.user()
    profile = factories.cv_profile(newcomer)
    application = factories.application(newcomer, vacancy)
    assert newcomer.id > erased[0] and profile.id > erased[1] and application.id > erased[2]


def test_the_migration_keeps_the_rows_pointing_to_the_rebuilt_tables(tmp_path):
    """Rebuilding `user` with foreign keys on would cascade its drop to every profile."""
    path = tmp_path / "old.sqlite"
    app = make_app(f"sqlite:///{path}", tmp_path)
    with app.app_context():
        upgrade(revision="0014")
        connection = sqlite3.connect(path)
        connection.executescript("""
            INSERT INTO user (id, email, password_hash, first_name, last_name, role, disabled,
                              session_token, created_at)
            VALUES (7, 'a@example.org', 'h', 'Julie', 'Lefèvre', 'candidate', 0, 't', '2026-01-01');
            INSERT INTO candidate_profile (user_id, headline, occupations, diplomas,
                years_experience, contracts, schedules, communes, visibility, moderation,
                last_contact_at, retention_until, created_at)
            VALUES (7, 'Aide-soignante', '', '', 1, '', '', '', 'hidden', 'pending',
                    '2026-01-01', '2027-01-01', '2026-01-01');
        """)
        connection.close()
        upgrade(revision="0018")
        db.engine.dispose()
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT count(*) FROM candidate_profile").fetchone() == (1,)
    connection.execute("DELETE FROM user")
    connection.execute("INSERT INTO user (email, password_hash, first_name, last_name, role, "
                       "disabled, session_token, created_at) VALUES ('b@example.org', 'h', 'B', "
                       "'C', 'candidate', 0, 'u', '2026-01-01')")
    assert connection.execute("SELECT id FROM user").fetchall() == [(8,)]
    connection.close()
