"""replacements: the pool of professionals, their availability, missions, shifts,
assignments and alerts (app/replacements/models.py)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 05:12:16.743998

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('alert_policy',
    sa.Column('establishment_id', sa.Integer(), nullable=False),
    sa.Column('reach', sa.String(length=20), nullable=False),
    sa.Column('wave_delay_minutes', sa.Integer(), nullable=False),
    sa.Column('wave_size', sa.Integer(), nullable=False),
    sa.CheckConstraint("reach IN ('network', 'network_then_pool', 'pool')", name=op.f('ck_alert_policy_reach')),
    sa.CheckConstraint('wave_delay_minutes BETWEEN 1 AND 1440', name=op.f('ck_alert_policy_delay')),
    sa.CheckConstraint('wave_size BETWEEN 1 AND 500', name=op.f('ck_alert_policy_wave_size')),
    sa.ForeignKeyConstraint(['establishment_id'], ['establishment.id'], name=op.f('fk_alert_policy_establishment_id_establishment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('establishment_id', name=op.f('pk_alert_policy'))
    )
    op.create_table('mission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('establishment_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('occupation', sa.String(length=5), nullable=False),
    sa.Column('site', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('reach', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('insee', sa.String(length=5), nullable=False),
    sa.Column('commune', sa.String(length=100), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('fill_by', sa.DateTime(timezone=True), nullable=False),
    sa.Column('withdraw_hours', sa.Integer(), nullable=False),
    sa.Column('tier', sa.Integer(), nullable=False),
    sa.Column('wave', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('filled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("mode IN ('validate', 'first')", name=op.f('ck_mission_mode')),
    sa.CheckConstraint("occupation IN ('J1501', 'J1506', 'J1502', 'J1301', 'K1301', 'K1302', 'K1304', 'K1305', 'J1102', 'J1404', 'J1403', 'J1412', 'K1104', 'G1602', 'K2204', 'M1609', 'K1403')", name=op.f('ck_mission_occupation')),
    sa.CheckConstraint("reach IN ('network', 'network_then_pool', 'pool')", name=op.f('ck_mission_reach')),
    sa.CheckConstraint("status <> 'cancelled' OR cancel_reason IS NOT NULL", name=op.f('ck_mission_cancelled_reason')),
    sa.CheckConstraint("status IN ('open', 'filled', 'done', 'unfilled', 'cancelled')", name=op.f('ck_mission_status')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_mission_dates')),
    sa.CheckConstraint('withdraw_hours BETWEEN 0 AND 720', name=op.f('ck_mission_withdraw_hours')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_mission_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['establishment_id'], ['establishment.id'], name=op.f('fk_mission_establishment_id_establishment'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mission'))
    )
    with op.batch_alter_table('mission', schema=None) as batch_op:
        batch_op.create_index('ix_mission_establishment_starts', ['establishment_id', 'starts_at'], unique=False)
        batch_op.create_index('ix_mission_status_starts', ['status', 'starts_at'], unique=False)

    op.create_table('replacement_profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('home_insee', sa.String(length=5), nullable=False),
    sa.Column('home_commune', sa.String(length=100), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.Column('radius_km', sa.Integer(), nullable=False),
    sa.Column('weekly_ceiling_hours', sa.Integer(), nullable=False),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('consent_version', sa.String(length=10), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checked_by_id', sa.Integer(), nullable=True),
    sa.Column('feed_token', sa.String(length=40), nullable=False),
    sa.Column('last_mission_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('calendar_reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'approved', 'paused', 'suspended')", name=op.f('ck_replacement_profile_status')),
    sa.CheckConstraint('(checked_at IS NULL) = (checked_by_id IS NULL)', name=op.f('ck_replacement_profile_checked_by')),
    sa.CheckConstraint('length(home_insee) = 5', name=op.f('ck_replacement_profile_home_insee')),
    sa.CheckConstraint('radius_km BETWEEN 0 AND 200', name=op.f('ck_replacement_profile_radius')),
    sa.CheckConstraint('weekly_ceiling_hours BETWEEN 1 AND 48', name=op.f('ck_replacement_profile_weekly_ceiling')),
    sa.ForeignKeyConstraint(['checked_by_id'], ['user.id'], name=op.f('fk_replacement_profile_checked_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['establishment.id'], name=op.f('fk_replacement_profile_invited_by_id_establishment'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_replacement_profile_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_replacement_profile')),
    sa.UniqueConstraint('feed_token', name=op.f('uq_replacement_profile_feed_token')),
    sa.UniqueConstraint('user_id', name=op.f('uq_replacement_profile_user_id'))
    )
    op.create_table('assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('minutes_done', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('applied', 'booked', 'declined', 'withdrawn', 'cancelled', 'done', 'no_show')", name=op.f('ck_assignment_status')),
    sa.CheckConstraint('minutes_done IS NULL OR minutes_done BETWEEN 0 AND 100000', name=op.f('ck_assignment_minutes_done')),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['user.id'], name=op.f('fk_assignment_confirmed_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mission_id'], ['mission.id'], name=op.f('fk_assignment_mission_id_mission'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['profile_id'], ['replacement_profile.id'], name=op.f('fk_assignment_profile_id_replacement_profile'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment')),
    sa.UniqueConstraint('mission_id', 'profile_id', name='uq_assignment_pair')
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignment_mission_id'), ['mission_id'], unique=False)
        batch_op.create_index('ix_assignment_profile_status', ['profile_id', 'status'], unique=False)

    op.create_table('availability_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('slot', sa.String(length=10), nullable=False),
    sa.Column('level', sa.String(length=12), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.CheckConstraint("level IN ('available', 'last_resort', 'unavailable')", name=op.f('ck_availability_rule_level')),
    sa.CheckConstraint("slot IN ('morning', 'afternoon', 'night', 'day')", name=op.f('ck_availability_rule_slot')),
    sa.CheckConstraint('ends_on IS NULL OR ends_on >= starts_on', name=op.f('ck_availability_rule_dates')),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_availability_rule_weekday')),
    sa.ForeignKeyConstraint(['profile_id'], ['replacement_profile.id'], name=op.f('fk_availability_rule_profile_id_replacement_profile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_availability_rule'))
    )
    with op.batch_alter_table('availability_rule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_availability_rule_profile_id'), ['profile_id'], unique=False)

    op.create_table('mission_alert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('tier', sa.Integer(), nullable=False),
    sa.Column('wave', sa.Integer(), nullable=False),
    sa.Column('last_resort', sa.Boolean(), nullable=False),
    sa.Column('channels', sa.String(length=40), nullable=False),
    sa.Column('token', sa.String(length=40), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answer', sa.String(length=10), nullable=True),
    sa.CheckConstraint("answer IS NULL OR answer IN ('accepted', 'applied', 'declined')", name=op.f('ck_mission_alert_answer')),
    sa.ForeignKeyConstraint(['mission_id'], ['mission.id'], name=op.f('fk_mission_alert_mission_id_mission'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['profile_id'], ['replacement_profile.id'], name=op.f('fk_mission_alert_profile_id_replacement_profile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mission_alert')),
    sa.UniqueConstraint('mission_id', 'profile_id', name='uq_mission_alert_pair'),
    sa.UniqueConstraint('token', name=op.f('uq_mission_alert_token'))
    )
    with op.batch_alter_table('mission_alert', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mission_alert_mission_id'), ['mission_id'], unique=False)
        batch_op.create_index('ix_mission_alert_profile', ['profile_id', 'sent_at'], unique=False)

    op.create_table('mission_diploma',
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('diploma', sa.String(length=10), nullable=False),
    sa.CheckConstraint("diploma IN ('DEI', 'DEAS', 'DEAES', 'ADVF', 'ASG', 'AFGSU2')", name=op.f('ck_mission_diploma_diploma')),
    sa.ForeignKeyConstraint(['mission_id'], ['mission.id'], name=op.f('fk_mission_diploma_mission_id_mission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('mission_id', 'diploma', name=op.f('pk_mission_diploma'))
    )
    op.create_table('mission_shift',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('break_minutes', sa.Integer(), nullable=False),
    sa.CheckConstraint('break_minutes BETWEEN 0 AND 240', name=op.f('ck_mission_shift_break')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_mission_shift_dates')),
    sa.ForeignKeyConstraint(['mission_id'], ['mission.id'], name=op.f('fk_mission_shift_mission_id_mission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mission_shift'))
    )
    with op.batch_alter_table('mission_shift', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mission_shift_mission_id'), ['mission_id'], unique=False)
        batch_op.create_index('ix_mission_shift_starts', ['starts_at'], unique=False)

    op.create_table('person_quota',
    sa.Column('establishment_id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('monthly_hours', sa.Integer(), nullable=False),
    sa.CheckConstraint('monthly_hours BETWEEN 1 AND 300', name=op.f('ck_person_quota_monthly_hours')),
    sa.ForeignKeyConstraint(['establishment_id'], ['establishment.id'], name=op.f('fk_person_quota_establishment_id_establishment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['profile_id'], ['replacement_profile.id'], name=op.f('fk_person_quota_profile_id_replacement_profile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('establishment_id', 'profile_id', name=op.f('pk_person_quota'))
    )
    op.create_table('profile_commune',
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('insee', sa.String(length=5), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.CheckConstraint('length(insee) = 5', name=op.f('ck_profile_commune_insee')),
    sa.ForeignKeyConstraint(['profile_id'], ['replacement_profile.id'], name=op.f('fk_profile_commune_profile_id_replacement_profile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('profile_id', 'insee', name=op.f('pk_profile_commune'))
    )
    with op.batch_alter_table('profile_commune', schema=None) as batch_op:
        batch_op.create_index('ix_profile_commune_insee', ['insee'], unique=False)

    op.create_table('profile_diploma',
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('diploma', sa.String(length=10), nullable=False),
    sa.CheckConstraint("diploma IN ('DEI', 'DEAS', 'DEAES', 'ADVF', 'ASG', 'AFGSU2')", name=op.f('ck_profile_diploma_diploma')),
    sa.ForeignKeyConstraint(['profile_id'], ['replacement_profile.id'], name=op.f('fk_profile_diploma_profile_id_replacement_profile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('profile_id', 'diploma', name=op.f('pk_profile_diploma'))
    )
    op.create_table('profile_employer',
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('establishment_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['establishment_id'], ['establishment.id'], name=op.f('fk_profile_employer_establishment_id_establishment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['profile_id'], ['replacement_profile.id'], name=op.f('fk_profile_employer_profile_id_replacement_profile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('profile_id', 'establishment_id', name=op.f('pk_profile_employer'))
    )
    with op.batch_alter_table('profile_employer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_profile_employer_establishment_id'), ['establishment_id'], unique=False)

    op.create_table('profile_occupation',
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('occupation', sa.String(length=5), nullable=False),
    sa.CheckConstraint("occupation IN ('J1501', 'J1506', 'J1502', 'J1301', 'K1301', 'K1302', 'K1304', 'K1305', 'J1102', 'J1404', 'J1403', 'J1412', 'K1104', 'G1602', 'K2204', 'M1609', 'K1403')", name=op.f('ck_profile_occupation_occupation')),
    sa.ForeignKeyConstraint(['profile_id'], ['replacement_profile.id'], name=op.f('fk_profile_occupation_profile_id_replacement_profile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('profile_id', 'occupation', name=op.f('pk_profile_occupation'))
    )
    with op.batch_alter_table('profile_occupation', schema=None) as batch_op:
        batch_op.create_index('ix_profile_occupation_occupation', ['occupation', 'profile_id'], unique=False)

    op.create_table('availability',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('slot', sa.String(length=10), nullable=False),
    sa.Column('level', sa.String(length=12), nullable=False),
    sa.Column('rule_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("level IN ('available', 'last_resort', 'unavailable')", name=op.f('ck_availability_level')),
    sa.CheckConstraint("slot IN ('morning', 'afternoon', 'night', 'day')", name=op.f('ck_availability_slot')),
    sa.ForeignKeyConstraint(['profile_id'], ['replacement_profile.id'], name=op.f('fk_availability_profile_id_replacement_profile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rule_id'], ['availability_rule.id'], name=op.f('fk_availability_rule_id_availability_rule'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_availability')),
    sa.UniqueConstraint('profile_id', 'day', 'slot', name='uq_availability_slot')
    )
    with op.batch_alter_table('availability', schema=None) as batch_op:
        batch_op.create_index('ix_availability_day_slot', ['day', 'slot', 'level'], unique=False)



def downgrade():
    with op.batch_alter_table('availability', schema=None) as batch_op:
        batch_op.drop_index('ix_availability_day_slot')

    op.drop_table('availability')
    with op.batch_alter_table('profile_occupation', schema=None) as batch_op:
        batch_op.drop_index('ix_profile_occupation_occupation')

    op.drop_table('profile_occupation')
    with op.batch_alter_table('profile_employer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_profile_employer_establishment_id'))

    op.drop_table('profile_employer')
    op.drop_table('profile_diploma')
    with op.batch_alter_table('profile_commune', schema=None) as batch_op:
        batch_op.drop_index('ix_profile_commune_insee')

    op.drop_table('profile_commune')
    op.drop_table('person_quota')
    with op.batch_alter_table('mission_shift', schema=None) as batch_op:
        batch_op.drop_index('ix_mission_shift_starts')
        batch_op.drop_index(batch_op.f('ix_mission_shift_mission_id'))

    op.drop_table('mission_shift')
    op.drop_table('mission_diploma')
    with op.batch_alter_table('mission_alert', schema=None) as batch_op:
        batch_op.drop_index('ix_mission_alert_profile')
        batch_op.drop_index(batch_op.f('ix_mission_alert_mission_id'))

    op.drop_table('mission_alert')
    with op.batch_alter_table('availability_rule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_availability_rule_profile_id'))

    op.drop_table('availability_rule')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index('ix_assignment_profile_status')
        batch_op.drop_index(batch_op.f('ix_assignment_mission_id'))

    op.drop_table('assignment')
    op.drop_table('replacement_profile')
    with op.batch_alter_table('mission', schema=None) as batch_op:
        batch_op.drop_index('ix_mission_status_starts')
        batch_op.drop_index('ix_mission_establishment_starts')

    op.drop_table('mission')
    op.drop_table('alert_policy')
