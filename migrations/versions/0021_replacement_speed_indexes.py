"""replacement speed: covering indexes for the shifts a person holds (eligibility, issue 16)

Revision ID: 0021
Revises: 0020
"""
from alembic import op


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    # The held shifts of the pool: assignment by person and state, then the mission's
    # shifts by mission and time, read from the indexes alone.
    op.create_index('ix_assignment_profile_status_mission', 'assignment',
                    ['profile_id', 'status', 'mission_id'])
    op.create_index('ix_mission_shift_mission_starts', 'mission_shift',
                    ['mission_id', 'starts_at', 'ends_at'])


def downgrade():
    op.drop_index('ix_mission_shift_mission_starts', table_name='mission_shift')
    op.drop_index('ix_assignment_profile_status_mission', table_name='assignment')
