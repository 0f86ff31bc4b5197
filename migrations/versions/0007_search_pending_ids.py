"""search_pending ids never reused (SQLite AUTOINCREMENT)

A drain deletes the pending rows it applied by id; SQLite reuses the highest
deleted rowid otherwise, so a drain running late could delete a newer,
unapplied change that got the same id (found by tests/search/test_processes.py).

Revision ID: 0007
Revises: 0006
"""
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def _recreate(autoincrement):
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL sequences never hand out an id twice
    with op.batch_alter_table("search_pending", recreate="always",
                              table_kwargs={"sqlite_autoincrement": autoincrement}):
        pass


def upgrade():
    _recreate(True)


def downgrade():
    _recreate(False)
