"""when each employer of a vacancy joined it

An employer reaches a vacancy's applicants only for the applications made
since it became a confirmed employer: `vacancy_employer.joined_at`, its first
confirmation. Existing rows: the publishing establishment confirmed with the
draft (its vacancy's creation); a confirmed co-employer is dated by its
current confirmation (an earlier one was not kept: the later date shows it
fewer applications, never more); an unconfirmed one has not joined.

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

CHECK = "confirmed_at IS NULL OR (joined_at IS NOT NULL AND joined_at <= confirmed_at)"


def upgrade():
    with op.batch_alter_table('vacancy_employer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('joined_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("""
        UPDATE vacancy_employer SET joined_at = CASE
            WHEN establishment_id = (SELECT vacancy.establishment_id FROM vacancy
                                     WHERE vacancy.id = vacancy_employer.vacancy_id)
            THEN (SELECT vacancy.created_at FROM vacancy
                  WHERE vacancy.id = vacancy_employer.vacancy_id)
            ELSE confirmed_at END
    """)
    # The draft confirms the lead's share a moment before the vacancy row gets its creation time.
    op.execute("UPDATE vacancy_employer SET joined_at = confirmed_at "
               "WHERE confirmed_at IS NOT NULL AND joined_at > confirmed_at")
    with op.batch_alter_table('vacancy_employer', schema=None) as batch_op:
        batch_op.create_check_constraint(op.f('ck_vacancy_employer_joined_when_confirmed'), CHECK)


def downgrade():
    with op.batch_alter_table('vacancy_employer', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_vacancy_employer_joined_when_confirmed'), type_='check')
        batch_op.drop_column('joined_at')
