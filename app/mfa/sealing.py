"""TOTP secrets sealed with a key derived from SECRET_KEY.

A copy of the database alone (a dump, a stolen backup without the instance
folder) does not give the secrets. Changing SECRET_KEY makes the sealed
secrets unreadable: their owners sign in with a recovery code or are reset by
staff, then enrol again.
"""
import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


class Unreadable(Exception):
    """The sealed text was written under another SECRET_KEY, or altered."""


def _fernet():
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"gtec totp secret v1").derive(current_app.config["SECRET_KEY"].encode())
    return Fernet(base64.urlsafe_b64encode(key))


def seal(text):
    """Encrypt and authenticate `text` (AES-128-CBC and HMAC-SHA256, Fernet)."""
    return _fernet().encrypt(text.encode()).decode()


def unseal(sealed):
    """The text `seal` was given, or Unreadable."""
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken as error:
        raise Unreadable() from error
