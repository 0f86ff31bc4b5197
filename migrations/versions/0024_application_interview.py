"""applications: the interview's date, time, place and contact (issue 19)

Revision ID: 0024
Revises: 0023
"""
import sqlalchemy as sa
from alembic import op


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('interview_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('interview_time', sa.Time(), nullable=True))
        batch_op.add_column(sa.Column('interview_place', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('interview_contact', sa.String(length=200),
                                      nullable=True))


def downgrade():
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35+): a batch rebuild would lose the
    # table's AUTOINCREMENT (0018).
    for column in ('interview_contact', 'interview_place', 'interview_time', 'interview_on'):
        op.drop_column('application', column)
