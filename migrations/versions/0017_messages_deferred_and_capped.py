"""messages: deferred is a status of its own, SMS take a place of the day

An SMS held for the morning (quiet hours) is "deferred", not "failed"; an
SMS that passed the daily cap records the Paris day of its place
(`sms_day`).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 05:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

OLD = "status IN ('queued', 'sending', 'sent', 'failed', 'refused')"
NEW = "status IN ('queued', 'sending', 'sent', 'failed', 'deferred', 'refused')"


def upgrade():
    with op.batch_alter_table('sent_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sms_day', sa.Date(), nullable=True))
        batch_op.drop_constraint(op.f('ck_sent_message_status'), type_='check')
        batch_op.create_check_constraint(op.f('ck_sent_message_status'), NEW)


def downgrade():
    op.execute("UPDATE sent_message SET status = 'failed', error = 'reporté' "
               "WHERE status = 'deferred'")
    with op.batch_alter_table('sent_message', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_sent_message_status'), type_='check')
        batch_op.create_check_constraint(op.f('ck_sent_message_status'), OLD)
        batch_op.drop_column('sms_day')
