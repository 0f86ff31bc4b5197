"""A code sent by several workers at the same moment is accepted once (SQLite and PostgreSQL)."""
import time

import pyotp

from app.mfa import totp
from tests.holds.workers import run_together
from tests.mfa.helpers import enrol
from app.timeutil import utcnow

PROCESSES = 4


def _outcomes(app, tmp_path, typed, user):
    job = ("app.mfa.services.check_second_step", (user.id, typed, "192.0.2.9"))
    outcomes = run_together(app.config["DATABASE_URL"], tmp_path, [[job]] * PROCESSES)
    return sorted(result for _target, result in outcomes)


def test_one_totp_code_at_once_in_four_processes(app, tmp_path, member_a):
    enrol(member_a, utcnow())
    secret = totp.secret_of(totp.factor_of(member_a.id))
    typed = pyotp.TOTP(secret).at(time.time() + 30)  # the next step: within the drift allowed
    outcomes = _outcomes(app, tmp_path, typed, member_a)
    assert outcomes.count("ok") == 1, outcomes
    assert all(result.startswith("InvalidCode") for result in outcomes if result != "ok")


def test_one_recovery_code_at_once_in_four_processes(app, tmp_path, member_a):
    _, codes = enrol(member_a, utcnow())
    outcomes = _outcomes(app, tmp_path, codes[0], member_a)
    assert outcomes.count("ok") == 1, outcomes
    assert all(result.startswith("InvalidCode") for result in outcomes if result != "ok")
