"""sign-ups confirmed by mail; mails asked per address, counted

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_request'))
    )
    with op.batch_alter_table('mail_request', schema=None) as batch_op:
        batch_op.create_index('ix_mail_request_address_at', ['address', 'at'], unique=False)
        batch_op.create_index('ix_mail_request_email_at', ['email', 'at'], unique=False)

    op.create_table('signup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signup'))
    )
    with op.batch_alter_table('signup', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signup_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_signup_email'), ['email'], unique=False)


def downgrade():
    with op.batch_alter_table('signup', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signup_email'))
        batch_op.drop_index(batch_op.f('ix_signup_created_at'))
    op.drop_table('signup')
    with op.batch_alter_table('mail_request', schema=None) as batch_op:
        batch_op.drop_index('ix_mail_request_email_at')
        batch_op.drop_index('ix_mail_request_address_at')
    op.drop_table('mail_request')
