"""credentials: the wallet of diplomas and certificates, and who opened their proofs

Revision ID: 0020
Revises: 0019
"""
from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

TYPES = ('DEI', 'DEAS', 'DEAES', 'DEAP', 'ADVF', 'ASG', 'TISF', 'AFGSU1', 'AFGSU2', 'SST',
         'PERMIS_B')


def upgrade():
    listed = ", ".join(f"'{code}'" for code in TYPES)
    op.create_table('credential',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('holder_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=True),
    sa.Column('obtained_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('proof_file', sa.String(length=64), nullable=True),
    sa.Column('proof_filename', sa.String(length=200), nullable=True),
    sa.Column('proof_size', sa.Integer(), nullable=True),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.Column('verified_by_name', sa.String(length=201), nullable=True),
    sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(f"type IN ({listed})", name=op.f('ck_credential_type')),
    sa.CheckConstraint('expires_on IS NULL OR expires_on >= obtained_on',
                       name=op.f('ck_credential_dates')),
    sa.CheckConstraint('(verified_at IS NULL) = (verified_by_name IS NULL)',
                       name=op.f('ck_credential_verified')),
    sa.CheckConstraint('proof_size IS NULL OR proof_size > 0',
                       name=op.f('ck_credential_proof_size')),
    sa.ForeignKeyConstraint(['holder_id'], ['user.id'], name=op.f('fk_credential_holder_id_user'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['verified_by_id'], ['user.id'],
                            name=op.f('fk_credential_verified_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credential')),
    sa.UniqueConstraint('proof_file', name=op.f('uq_credential_proof_file')),
    sqlite_autoincrement=True,
    )
    op.create_index(op.f('ix_credential_holder_id'), 'credential', ['holder_id'])
    op.create_table('credential_access',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('credential_id', sa.Integer(), nullable=False),
    sa.Column('viewer_id', sa.Integer(), nullable=True),
    sa.Column('viewer_name', sa.String(length=201), nullable=False),
    sa.Column('establishment_name', sa.String(length=200), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['credential_id'], ['credential.id'],
                            name=op.f('fk_credential_access_credential_id_credential'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['viewer_id'], ['user.id'],
                            name=op.f('fk_credential_access_viewer_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credential_access')),
    )
    op.create_index(op.f('ix_credential_access_credential_id'), 'credential_access',
                    ['credential_id'])


def downgrade():
    op.drop_index(op.f('ix_credential_access_credential_id'), table_name='credential_access')
    op.drop_table('credential_access')
    op.drop_index(op.f('ix_credential_holder_id'), table_name='credential')
    op.drop_table('credential')
