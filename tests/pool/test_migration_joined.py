"""Migration 0011 dates when each existing employer joined its vacancy."""
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from app.extensions import db
from tests.conftest import make_app

CREATED, LEAD_CONFIRMED, B_CONFIRMED = ("2026-03-01 09:00:00.000200", "2026-03-01 09:00:00.000100",
                                        "2026-03-05 10:00:00.000000")
ROWS = """
INSERT INTO establishment (id, name, kind, siret, address, postcode, commune, status, created_at)
VALUES (1, 'A', 'ehpad', '00000000000018', '1 rue', '14500', 'Vire', 'active', :created),
       (2, 'B', 'saad', '00000000000026', '2 rue', '14500', 'Vire', 'active', :created),
       (3, 'C', 'saad', '00000000000034', '3 rue', '14500', 'Vire', 'active', :created);
INSERT INTO "user" (id, email, password_hash, first_name, last_name, role, disabled,
                    session_token, created_at, establishment_id)
VALUES (1, 'a@example.org', 'x', 'A', 'A', 'member', false, 't1', :created, 1),
       (2, 'b@example.org', 'x', 'B', 'B', 'member', false, 't2', :created, 2);
INSERT INTO vacancy (id, establishment_id, occupation, title, description, contract_type, fte,
                     works_day, works_night, works_weekend, start_date, postcode, commune, status,
                     created_at, updated_at)
VALUES (1, 1, 'J1501', 'AS', 'Soins', 'cdi', 100, true, false, false, '2026-04-01', '14500',
        'Vire', 'draft', :created, :created);
INSERT INTO vacancy_employer (id, vacancy_id, establishment_id, fte_share, confirmed_at,
                              confirmed_by_id)
VALUES (1, 1, 1, 40, :lead, 1), (2, 1, 2, 40, :b, 2), (3, 1, 3, 20, NULL, NULL);
"""


def test_existing_employers_join_at_their_confirmation(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'old.sqlite'}", tmp_path)
    with app.app_context():
        upgrade(revision="0010")
        with db.engine.begin() as connection:
            for statement in filter(str.strip, ROWS.split(";")):
                connection.execute(text(statement), {"created": CREATED, "lead": LEAD_CONFIRMED,
                                                     "b": B_CONFIRMED})
        upgrade()
        with db.engine.connect() as connection:
            joined = dict(connection.execute(text(
                "SELECT establishment_id, joined_at FROM vacancy_employer")).all())
        # The lead at the earlier of its confirmation and its draft; B at its confirmation.
        assert joined == {1: LEAD_CONFIRMED, 2: B_CONFIRMED, 3: None}
        downgrade(revision="0010")
        db.engine.dispose()
