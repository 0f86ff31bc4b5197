"""Time-based one-time codes (RFC 6238) from an authenticator app, with pyotp.

Codes of the step before and after the current one are accepted (a phone's
clock a little off); a code is never accepted twice, nor any code of an
earlier step than the last one accepted, so a code seen over a shoulder or
replayed from a log is refused.
"""
import hmac

import pyotp
import segno
from sqlalchemy import select

from app.extensions import db
from app.mfa import sealing
from app.mfa.models import TotpFactor
from app.timeutil import utcnow

ISSUER = "GTEC du Bocage"
DRIFT_STEPS = 1


def _of_user(user_id, confirmed):
    return select(TotpFactor).where(TotpFactor.user_id == user_id).where(
        TotpFactor.confirmed_at.is_not(None) if confirmed else TotpFactor.confirmed_at.is_(None))


def factor_of(user_id, confirmed=True):
    """The user's TOTP factor (confirmed or pending enrolment), or None."""
    return db.session.scalar(_of_user(user_id, confirmed))


def locked_factor(work, user_id, confirmed=True):
    """The same, locked by the caller's unit of work until its commit."""
    return work.lock_one(_of_user(user_id, confirmed))


def new_pending(work, user):
    """A fresh secret waiting for its first code, in the caller's unit of work."""
    pending = locked_factor(work, user.id, confirmed=False)
    if pending is None:
        pending = TotpFactor(user_id=user.id)
        db.session.add(pending)
    pending.sealed_secret = sealing.seal(pyotp.random_base32())
    pending.last_step = None
    return pending


def secret_of(factor):
    """The base32 secret, unsealed."""
    return sealing.unseal(factor.sealed_secret)


def provisioning_uri(factor, email):
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret_of(factor)).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_data_uri(uri):
    """The QR code of `uri` as an SVG data: URI, drawn on the server (no script)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def matching_step(secret, code, now=None):
    """The time step whose code `code` is, within the drift allowed, or None."""
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now or utcnow())
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def fresh_step(factor, code):
    """The step of `code` when it is a code of `factor` newer than the last one used, else None."""
    try:
        step = matching_step(secret_of(factor), code)
    except sealing.Unreadable:
        return None
    if step is None or (factor.last_step is not None and step <= factor.last_step):
        return None
    return step


def accept(factor, code):
    """True, and the step remembered, when `code` is a fresh code of the locked `factor`."""
    step = fresh_step(factor, code)
    if step is not None:
        factor.last_step = step
    return step is not None


def formatted(secret):
    """The secret in groups of four, for typing it by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
