"""TOTP and recovery codes, as services: real pyotp codes, a frozen clock."""
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select, text

from app.audit.models import AuditEvent
from app.auth.models import LoginFailure
from app.errors import TooManyAttempts
from app.extensions import db
from app.mfa import recovery, services, totp
from app.mfa.errors import FactorRequired, InvalidCode
from app.mfa.models import RecoveryCode, TotpFactor
from tests.mfa.helpers import T0, code, enrol, passkey, turn_on_requirement

ADDRESS = "192.0.2.7"


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def second_step(user, typed):
    return services.check_second_step(user.id, typed, ADDRESS)


def test_enrolment_needs_a_right_code_and_gives_ten_recovery_codes(clock, member_a):
    factor = services.start_totp(member_a)
    secret = totp.secret_of(factor)
    with pytest.raises(InvalidCode):
        services.confirm_totp(member_a, "000000" if code(secret, T0) != "000000" else "111111")
    codes = services.confirm_totp(member_a, code(secret, T0))
    assert len(codes) == 10 and len(set(codes)) == 10
    assert totp.factor_of(member_a.id).confirmed_at is not None


def test_a_code_is_accepted_once(clock, member_a):
    secret, _ = enrol(member_a, T0)
    clock.shift(timedelta(seconds=30))
    assert second_step(member_a, code(secret, T0, 1)) == (member_a, "totp")
    with pytest.raises(InvalidCode):
        second_step(member_a, code(secret, T0, 1))


def test_the_enrolment_code_cannot_log_in(clock, member_a):
    secret, _ = enrol(member_a, T0)
    with pytest.raises(InvalidCode):
        second_step(member_a, code(secret, T0))


def test_no_code_older_than_the_last_accepted(clock, member_a):
    secret, _ = enrol(member_a, T0)
    clock.shift(timedelta(seconds=60))
    assert second_step(member_a, code(secret, T0, 3))  # the phone runs 30 s ahead
    with pytest.raises(InvalidCode):
        second_step(member_a, code(secret, T0, 2))  # the current step, but older


@pytest.mark.parametrize("steps, accepted", [(-1, True), (1, True), (-2, False), (2, False)])
def test_one_step_of_clock_drift_is_allowed(clock, member_a, steps, accepted):
    secret, _ = enrol(member_a, T0)
    clock.shift(timedelta(minutes=5))
    now = T0 + timedelta(minutes=5)
    if accepted:
        assert second_step(member_a, code(secret, now, steps))
    else:
        with pytest.raises(InvalidCode):
            second_step(member_a, code(secret, now, steps))


def test_the_secret_is_not_in_the_database_in_clear(clock, app, member_a):
    secret, _ = enrol(member_a, T0)
    stored = db.session.execute(text("SELECT sealed_secret FROM totp_factor")).scalar_one()
    assert secret not in stored and secret.lower() not in stored.lower()
    codes = db.session.execute(text("SELECT code_hash FROM recovery_code")).scalars().all()
    assert all(value.startswith("$argon2id$") for value in codes)


def test_another_secret_key_cannot_read_the_secret(clock, app, member_a):
    secret, _ = enrol(member_a, T0)
    app.config["SECRET_KEY"] = "another key"
    clock.shift(timedelta(seconds=30))
    with pytest.raises(InvalidCode):
        second_step(member_a, code(secret, T0, 1))


def test_recovery_codes_work_once_whatever_the_typing(clock, member_a):
    _, codes = enrol(member_a, T0)
    typed = " " + codes[0].upper().replace("-", " ") + " "
    assert second_step(member_a, typed) == (member_a, "recovery")
    assert recovery.remaining(member_a.id) == 9
    with pytest.raises(InvalidCode):
        second_step(member_a, codes[0])
    assert second_step(member_a, codes[1].replace("-", ""))[1] == "recovery"
    used = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "mfa_recovery_used"))
    assert [event.details["remaining"] for event in used] == [9, 8]


def test_new_recovery_codes_replace_the_old_ones(clock, member_a):
    _, old = enrol(member_a, T0)
    new = services.regenerate_recovery(member_a)
    with pytest.raises(InvalidCode):
        second_step(member_a, old[2])
    assert second_step(member_a, new[2])[1] == "recovery"
    assert db.session.scalar(select(db.func.count(RecoveryCode.id))) == 10


def test_wrong_codes_count_as_failed_logins(clock, app, member_a):
    enrol(member_a, T0)
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        with pytest.raises(InvalidCode):
            second_step(member_a, "12345a")
    assert db.session.scalar(select(db.func.count(LoginFailure.id))) == 5
    with pytest.raises(TooManyAttempts):
        second_step(member_a, "123456")


def test_an_obliged_account_keeps_its_last_factor(clock, staff, member_a):
    enrol(member_a, T0)
    turn_on_requirement(staff)
    with pytest.raises(FactorRequired):
        services.remove_totp(member_a)
    assert totp.factor_of(member_a.id) is not None
    passkey(member_a)
    services.remove_totp(member_a)
    assert totp.factor_of(member_a.id) is None


def test_removing_the_last_factor_drops_the_recovery_codes(clock, member_a):
    enrol(member_a, T0)
    services.remove_totp(member_a)
    assert db.session.scalar(select(db.func.count(RecoveryCode.id))) == 0
    assert db.session.scalar(select(db.func.count(TotpFactor.id))) == 0
