"""training sessions can be cancelled by their organiser; private feed secrets (issue 19)

Revision ID: 0025
Revises: 0024
"""
from alembic import op
import sqlalchemy as sa


revision = '0025'
down_revision = '0024'
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
    op.create_table(
        'feed_token',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('purpose', sa.String(length=20), nullable=False),
        sa.Column('token', sa.String(length=40), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_feed_token_user_id_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_token')),
        sa.UniqueConstraint('token', name=op.f('uq_feed_token_token')),
        sa.UniqueConstraint('user_id', 'purpose', name=op.f('uq_feed_token_user_id')))


def downgrade():
    op.drop_table('feed_token')
    op.execute("UPDATE training_session SET status = 'rejected', "
               "rejection_reason = 'incomplete' WHERE status = 'cancelled'")
    _status_check(BEFORE)
