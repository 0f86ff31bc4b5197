"""The site's VAPID key pair (RFC 8292): it signs every push, and browsers subscribe with
its public half.

Like the secret key, the private key is generated into instance/vapid_private_key
(mode 0600) on first run and never overwritten; production gives it in the
VAPID_PRIVATE_KEY setting instead. Changing it orphans every subscription: the
push services refuse a key the browser did not subscribe with.
"""
import base64
from email.utils import parseaddr
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
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
    """Read (or create) the private key; derive the public key and the contact."""
    private_key = app.config.get("VAPID_PRIVATE_KEY") or config.instance_secret(
        Path(app.instance_path), "vapid_private_key", generate_private_key)
    vapid = vapid_of(private_key)
    app.extensions["push_vapid"] = vapid
    app.config["VAPID_PUBLIC_KEY"] = public_key_of(vapid)
    app.config.setdefault("VAPID_SUBJECT", default_subject(app.config))


def default_subject(settings):
    """Who push services may contact about our pushes: the site over HTTPS, else the
    sender address of mails (a mailto: is the only other form they accept)."""
    if settings["BASE_URL"].startswith("https://"):
        return settings["BASE_URL"]
    return f"mailto:{parseaddr(settings['MAIL_SENDER'])[1]}"
