"""training sessions can be cancelled by their organiser (issue 19)

Revision ID: 0025
Revises: 0021
"""
from alembic import op


revision = '0025'
down_revision = '0021'
branch_labels = None
depends_on = None

BEFORE = "status IN ('pending', 'published', 'rejected')"
AFTER = "status IN ('pending', 'published', 'rejected', 'cancelled')"


def _status_check(check):
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_training_session_status'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_training_session_status'), check)


def upgrade():
    _status_check(AFTER)


def downgrade():
    op.execute("UPDATE training_session SET status = 'rejected', "
               "rejection_reason = 'incomplete' WHERE status = 'cancelled'")
    _status_check(BEFORE)
