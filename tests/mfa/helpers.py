"""Second factors made through the real services, and codes from real pyotp."""
from datetime import datetime, timedelta, timezone

import pyotp

from app.mfa import services, totp
from app.mfa.models import Passkey
from app.extensions import db

T0 = datetime(2026, 11, 30, 9, 0, 5, tzinfo=timezone.utc)  # 5 s into a 30 s step


def code(secret, at, steps=0):
    """The code an authenticator app shows at `at`, `steps` steps later."""
    return pyotp.TOTP(secret).at(at + timedelta(seconds=30 * steps))


def enrol(user, at):
    """Give `user` a confirmed TOTP factor at time `at`; returns (secret, recovery codes)."""
    factor = services.start_totp(user)
    secret = totp.secret_of(factor)
    codes = services.confirm_totp(user, code(secret, at))
    return secret, codes


def passkey(user, name="Clé USB"):
    """A stored passkey row (no browser): enough for policies and pages."""
    key = Passkey(user_id=user.id, credential_id=f"cred-{user.id}".encode(),
                  public_key=b"not-a-key", sign_count=0, name=name, transports=[])
    db.session.add(key)
    db.session.commit()
    return key


def turn_on_requirement(staff):
    """Staff make a second factor compulsory for members and staff."""
    from app.mfa import policy
    policy.change_setting(staff, policy.REQUIRED, True)
