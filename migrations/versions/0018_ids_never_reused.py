"""ids never reused: user, candidate_profile and application on SQLite AUTOINCREMENT

SQLite gives a new row the highest rowid plus one, so the id of the last
person erased went to the next one, and the audit log named two people by
one id. AUTOINCREMENT never hands an id out twice. It can only be declared
when a table is created, so the three tables are rebuilt, with foreign keys
off meanwhile (dropping the old table would otherwise cascade to every row
that points to it). PostgreSQL sequences never go back: nothing to do there.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 05:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

TABLES = ("user", "candidate_profile", "application")


def _rebuild(autoincrement):
    if op.get_bind().dialect.name != "sqlite":
        return
    context = op.get_context()
    with context.autocommit_block():
        op.execute("PRAGMA foreign_keys=OFF")
    try:
        for table in TABLES:
            with op.batch_alter_table(table, recreate="always",
                                      table_kwargs={"sqlite_autoincrement": autoincrement}):
                pass
        broken = op.get_bind().exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"foreign keys broken by the rebuild: {broken[:5]}")
    finally:
        with context.autocommit_block():
            op.execute("PRAGMA foreign_keys=ON")


def upgrade():
    _rebuild(True)


def downgrade():
    _rebuild(False)
