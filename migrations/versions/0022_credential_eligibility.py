"""credentials in the replacement eligibility: what a mission adds, what an establishment
does with an expired or unverified one, and the expiry warnings sent (issue 18)

Revision ID: 0022
Revises: 0021
"""
from alembic import op
import sqlalchemy as sa


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('alert_policy') as batch:
        batch.add_column(sa.Column('credential_rule', sa.String(length=10), nullable=False,
                                   server_default='block'))
        batch.create_check_constraint('credential_rule', "credential_rule IN ('block', 'warn')")
    op.create_table('mission_credential',
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.CheckConstraint("type IN ('DEI', 'DEAS', 'DEAES', 'DEAP', 'ADVF', 'ASG', 'TISF', 'AFGSU1', 'AFGSU2', 'SST', 'PERMIS_B')", name=op.f('ck_mission_credential_type')),
    sa.ForeignKeyConstraint(['mission_id'], ['mission.id'], name=op.f('fk_mission_credential_mission_id_mission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('mission_id', 'type', name=op.f('pk_mission_credential'))
    )
    op.create_table('credential_notice',
    sa.Column('credential_id', sa.Integer(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('d90', 'd30', 'expired')", name=op.f('ck_credential_notice_kind')),
    sa.ForeignKeyConstraint(['credential_id'], ['credential.id'], name=op.f('fk_credential_notice_credential_id_credential'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('credential_id', 'expires_on', 'kind', name=op.f('pk_credential_notice'))
    )


def downgrade():
    op.drop_table('credential_notice')
    op.drop_table('mission_credential')
    with op.batch_alter_table('alert_policy') as batch:
        batch.drop_constraint(op.f('ck_alert_policy_credential_rule'), type_='check')
        batch.drop_column('credential_rule')
