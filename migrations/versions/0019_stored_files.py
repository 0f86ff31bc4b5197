"""stored files: uploaded files kept in the database (FILE_STORAGE=database, app/storage.py)

Revision ID: 0019
Revises: 0018
"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stored_file',
    sa.Column('path', sa.String(length=200), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('path', name=op.f('pk_stored_file'))
    )


def downgrade():
    op.drop_table('stored_file')
