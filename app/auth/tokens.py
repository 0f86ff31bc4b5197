"""Signed, expiring links sent by mail: password reset and invitations."""
import hashlib

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.errors import InvalidToken


def _serializer(purpose):
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"gtec-{purpose}")


def password_fingerprint(user):
    """Changes whenever the password does, so a reset link works only once."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make(purpose, payload):
    """Sign `payload` for the given purpose."""
    return _serializer(purpose).dumps(payload)


def read(purpose, token, max_age):
    """The payload of a valid, unexpired token, else InvalidToken."""
    try:
        return _serializer(purpose).loads(token, max_age=max_age)
    except BadSignature as error:  # SignatureExpired is a BadSignature
        raise InvalidToken(_("Ce lien n'est plus valable : demandez-en un nouveau.")) from error
