"""push subscriptions: the browsers that receive an account's notifications

A subscription goes with its account (ON DELETE CASCADE); its endpoint is
unique (one browser, one account: the last to subscribe it).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 02:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('push_subscription',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('endpoint', sa.String(length=1000), nullable=False),
    sa.Column('p256dh', sa.String(length=87), nullable=False),
    sa.Column('auth', sa.String(length=22), nullable=False),
    sa.Column('device', sa.String(length=60), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_success_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("endpoint LIKE 'https://%' OR endpoint LIKE 'http://%'", name=op.f('ck_push_subscription_endpoint_is_http')),
    sa.CheckConstraint('length(p256dh) = 87 AND length(auth) = 22', name=op.f('ck_push_subscription_key_lengths')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_push_subscription_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_push_subscription')),
    sa.UniqueConstraint('endpoint', name=op.f('uq_push_subscription_endpoint'))
    )
    with op.batch_alter_table('push_subscription', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_push_subscription_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('push_subscription', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_push_subscription_user_id'))

    op.drop_table('push_subscription')
