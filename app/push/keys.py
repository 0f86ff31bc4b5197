"""The site's VAPID key pair (RFC 8292): it signs every push, and browsers subscribe with
its public half.

Like the secret key, the private key is generated into instance/vapid_private_key
(mode 0600, never overwritten), the first time push needs it; production gives it
in the VAPID_PRIVATE_KEY setting instead (checked at start). Changing it orphans
every subscription: push services refuse a key the browser did not subscribe with.
"""
import base64
from email.utils import parseaddr
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import current_app
from py_vapid import Vapid

from app import config


def generate_private_key():
    """A new P-256 private key, as the 32 raw bytes in base64url (what VAPID_PRIVATE_KEY holds)."""
    number = ec.generate_private_key(ec.SECP256R1()).private_numbers().private_value
    return b64url(number.to_bytes(32, "big"))


def b64url(data):
    """Unpadded base64url, as the Push API writes keys."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text):
    """The bytes of unpadded (or padded) base64url text; ValueError when it is not."""
    text = text.rstrip("=")
    if not text or not all(c.isalnum() or c in "-_" for c in text) or len(text) % 4 == 1:
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def vapid_of(private_key):
    """The py_vapid signer of a private key given as raw base64url or PEM."""
    try:
        if "-----BEGIN" in private_key:
            return Vapid.from_pem(private_key.encode())
        return Vapid.from_string(private_key)
    except Exception as error:  # py_vapid raises whatever the parsing raised
        raise ValueError(f"VAPID_PRIVATE_KEY is not a P-256 private key: {error}") from None


def public_key_of(vapid):
    """The public key as browsers take it (applicationServerKey): 65 bytes, base64url."""
    return b64url(vapid.public_key.public_bytes(serialization.Encoding.X962,
                                                serialization.PublicFormat.UncompressedPoint))


def configure(app):
    """Check a private key given in the settings (a wrong one stops the start); the contact."""
    if app.config.get("VAPID_PRIVATE_KEY"):
        app.extensions["push_vapid"] = vapid_of(app.config["VAPID_PRIVATE_KEY"])
    app.config.setdefault("VAPID_SUBJECT", default_subject(app.config))


def signer(app=None):
    """The site's VAPID signer. Without the setting, the key of instance/ is read, or
    written there the first time push needs it (a command or a test that never pushes
    writes nothing)."""
    app = app or current_app
    vapid = app.extensions.get("push_vapid")
    if vapid is None:
        vapid = app.extensions["push_vapid"] = vapid_of(config.instance_secret(
            Path(app.instance_path), "vapid_private_key", generate_private_key))
    return vapid


def public_key(app=None):
    """The key the page subscribes with (applicationServerKey)."""
    return public_key_of(signer(app))


def default_subject(settings):
    """Who push services may contact about our pushes: the site over HTTPS, else the
    sender address of mails (a mailto: is the only other form they accept)."""
    if settings["BASE_URL"].startswith("https://"):
        return settings["BASE_URL"]
    return f"mailto:{parseaddr(settings['MAIL_SENDER'])[1]}"
