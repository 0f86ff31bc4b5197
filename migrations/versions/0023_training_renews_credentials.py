"""training renews credentials: the credential a session grants, the person of an attendee

Revision ID: 0023
Revises: 0022
"""
from alembic import op
import sqlalchemy as sa


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

TYPES = ('DEI', 'DEAS', 'DEAES', 'DEAP', 'ADVF', 'ASG', 'TISF', 'AFGSU1', 'AFGSU2', 'SST',
         'PERMIS_B')


def upgrade():
    listed = ", ".join(f"'{code}'" for code in TYPES)
    with op.batch_alter_table('training_session') as batch:
        batch.add_column(sa.Column('grants_credential', sa.String(20), nullable=True))
        batch.create_check_constraint(
            'grants_credential', f"grants_credential IS NULL OR grants_credential IN ({listed})")
        batch.create_index('ix_training_session_grants_credential', ['grants_credential'])
    with op.batch_alter_table('training_attendee') as batch:
        batch.add_column(sa.Column('person_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_training_attendee_person_id_user', 'user',
                                 ['person_id'], ['id'], ondelete='SET NULL')
        batch.create_index('ix_training_attendee_person_id', ['person_id'])


def downgrade():
    with op.batch_alter_table('training_attendee') as batch:
        batch.drop_index('ix_training_attendee_person_id')
        batch.drop_constraint('fk_training_attendee_person_id_user', type_='foreignkey')
        batch.drop_column('person_id')
    with op.batch_alter_table('training_session') as batch:
        batch.drop_index('ix_training_session_grants_credential')
        batch.drop_constraint('grants_credential', type_='check')
        batch.drop_column('grants_credential')
