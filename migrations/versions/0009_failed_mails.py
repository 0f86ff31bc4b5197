"""failed mails kept in the sent-mail log until they are sent again

A mail that fails after the commit of what it tells (SMTP refused, outbox not
writable) is recorded with the status "failed", its error and its message, so
that `flask --app wsgi mail retry` can send it; existing rows were sent.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 22:50:00.000000
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sent_mail', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=10), server_default='sent',
                                      nullable=False))
        batch_op.add_column(sa.Column('error', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('message', sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f('ix_sent_mail_status'), ['status'], unique=False)
        batch_op.create_check_constraint(
            batch_op.f('ck_sent_mail_status'), "status IN ('sent', 'failed', 'sending')")
        batch_op.create_check_constraint(
            batch_op.f('ck_sent_mail_failure_has_error'), "status = 'sent' OR error IS NOT NULL")


def downgrade():
    with op.batch_alter_table('sent_mail', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_sent_mail_failure_has_error'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_sent_mail_status'), type_='check')
        batch_op.drop_index(batch_op.f('ix_sent_mail_status'))
        batch_op.drop_column('message')
        batch_op.drop_column('error')
        batch_op.drop_column('status')
