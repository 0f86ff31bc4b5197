"""staff back-office

Revision ID: 0006
Revises: 0005
Mail preferences and the log of sent mails; rejection reason and comment of
CV profiles and training sessions.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_preference',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_mail_preference_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_preference')),
    sa.UniqueConstraint('user_id', 'kind', name=op.f('uq_mail_preference_user_id'))
    )
    with op.batch_alter_table('mail_preference', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_preference_user_id'), ['user_id'], unique=False)

    op.create_table('sent_mail',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('template', sa.String(length=60), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_sent_mail_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sent_mail'))
    )
    with op.batch_alter_table('sent_mail', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sent_mail_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sent_mail_recipient'), ['recipient'], unique=False)

    with op.batch_alter_table('candidate_profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rejection_reason', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('rejection_comment', sa.Text(), nullable=True))

    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rejection_comment', sa.Text(), nullable=True))



def downgrade():
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.drop_column('rejection_comment')

    with op.batch_alter_table('candidate_profile', schema=None) as batch_op:
        batch_op.drop_column('rejection_comment')
        batch_op.drop_column('rejection_reason')

    with op.batch_alter_table('sent_mail', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sent_mail_recipient'))
        batch_op.drop_index(batch_op.f('ix_sent_mail_at'))

    op.drop_table('sent_mail')
    with op.batch_alter_table('mail_preference', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_preference_user_id'))

    op.drop_table('mail_preference')
