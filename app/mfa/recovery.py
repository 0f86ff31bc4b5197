"""Single-use recovery codes, for a lost or broken phone.

A code is 12 characters of Crockford's base32 (60 bits), shown as three groups
of four. Its first four characters are kept in clear to find its row without
trying every hash (each argon2 check costs about 0.1 s); the whole code is kept
as an argon2id hash, so the database alone leaves 40 bits behind argon2.
"""
import re
import secrets

from sqlalchemy import delete, func, select

from app.auth.passwords import hash_password, verify_password
from app.extensions import db
from app.mfa.models import RecoveryCode
from app.timeutil import utcnow

COUNT = 10
LENGTH = 12
LOOKUP = 4
ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford: no i, l, o, u
_READ_AS = str.maketrans({"o": "0", "i": "1", "l": "1"})


def normalised(text):
    """What the user typed, lower-cased, without spaces or dashes, misread letters mapped."""
    return re.sub(r"[\s-]+", "", (text or "").lower()).translate(_READ_AS)


def looks_like_code(text):
    """True when `text` has the shape of a recovery code."""
    code = normalised(text)
    return len(code) == LENGTH and all(c in ALPHABET for c in code)


def _new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def shown(code):
    """A code as printed for the user: xxxx-xxxx-xxxx."""
    return "-".join(code[i:i + 4] for i in range(0, LENGTH, 4))


def fresh_codes():
    """New codes with their hashes: about a second of argon2, so made before any lock."""
    return [(code, hash_password(code)) for code in (_new_code() for _ in range(COUNT))]


def exist(user_id):
    """True when the user has recovery codes, used or not."""
    return db.session.scalar(select(RecoveryCode.id).where(
        RecoveryCode.user_id == user_id).limit(1)) is not None


def replace_all(user_id, fresh):
    """Store `fresh` codes in place of the user's, in the caller's unit of work;
    returns them as shown to the user, once."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    db.session.add_all(RecoveryCode(user_id=user_id, lookup=code[:LOOKUP], code_hash=hashed)
                       for code, hashed in fresh)
    return [shown(code) for code, _hashed in fresh]


def matching_id(user_id, text):
    """The id of the unused code `text` is, or None. Reads only: call before the lock."""
    if not looks_like_code(text):
        return None
    code = normalised(text)
    rows = db.session.execute(select(RecoveryCode.id, RecoveryCode.code_hash).where(
        RecoveryCode.user_id == user_id, RecoveryCode.lookup == code[:LOOKUP],
        RecoveryCode.used_at.is_(None))).all()
    return next((row.id for row in rows if verify_password(row.code_hash, code)), None)


def spend(work, code_id):
    """Mark a code used, under the caller's lock; False when another request spent it first."""
    row = work.lock(RecoveryCode, code_id)
    if row is None or row.used_at is not None:
        return False
    row.used_at = utcnow()
    return True


def remaining(user_id):
    """How many unused codes the user has left."""
    return db.session.scalar(select(func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None)))
