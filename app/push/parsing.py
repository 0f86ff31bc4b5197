"""Reading the subscription a browser posts (its PushSubscription.toJSON()).

Every later push is a POST from this server to the endpoint given here, so the
endpoint must be a known push service over HTTPS (not an address of our own
network), and the keys must be the sizes RFC 8291 encrypts with: a bad key would
only fail later, at every delivery.
"""
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from flask_babel import gettext as _

from app.errors import DomainError
from app.push.keys import b64url, b64url_decode
from app.push.models import ENDPOINT_MAX

# The push services of Chrome, Edge, Firefox and Safari (a host or its sub-domains).
SERVICE_HOSTS = ("fcm.googleapis.com", "android.googleapis.com", "push.services.mozilla.com",
                 "notify.windows.com", "push.apple.com")
LOOPBACK = ("127.0.0.1", "localhost")


class InvalidSubscription(DomainError):
    pass


@dataclass(frozen=True)
class Subscription:
    endpoint: str
    p256dh: str
    auth: str


def parse(data, service_hosts=SERVICE_HOSTS, allow_loopback=False):
    """The subscription in `data`, keys normalised to unpadded base64url; or InvalidSubscription."""
    if not isinstance(data, dict):
        raise InvalidSubscription(_("L'abonnement envoyé est illisible : rechargez la page et réessayez."))
    endpoint = _endpoint(data.get("endpoint"), service_hosts, allow_loopback)
    keys = data.get("keys")
    if not isinstance(keys, dict):
        raise InvalidSubscription(_("Les clés de chiffrement de l'abonnement sont manquantes."))
    return Subscription(endpoint, _p256dh(keys.get("p256dh")), _auth(keys.get("auth")))


def endpoint_text(value):
    """The endpoint as one plain line of text (what a query may compare), or InvalidSubscription."""
    if not isinstance(value, str) or not value or len(value) > ENDPOINT_MAX \
            or re.search(r"[\s\x00-\x1f]", value):
        raise InvalidSubscription(_("L'adresse du service de notification est manquante ou invalide."))
    return value


def _endpoint(value, service_hosts, allow_loopback):
    endpoint_text(value)
    try:
        parts = urlsplit(value)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError:
        raise InvalidSubscription(_("L'adresse du service de notification est manquante ou invalide.")) from None
    if not host or parts.username or parts.password:
        raise InvalidSubscription(_("L'adresse du service de notification est manquante ou invalide."))
    if allow_loopback and host in LOOPBACK and parts.scheme in ("http", "https"):
        return value
    if parts.scheme != "https":
        raise InvalidSubscription(_("L'adresse du service de notification doit commencer par https://."))
    if not any(host == known or host.endswith("." + known) for known in service_hosts):
        raise InvalidSubscription(_("Ce service de notification n'est pas reconnu : utilisez Chrome, Edge, Firefox ou Safari."))
    return value


def _p256dh(value):
    try:
        raw = b64url_decode(value) if isinstance(value, str) else b""
        if len(raw) != 65 or raw[0] != 4:
            raise ValueError("not an uncompressed point")
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)  # on the curve
    except ValueError:
        raise InvalidSubscription(_("La clé publique de l'abonnement (p256dh) est invalide : 65 octets attendus, en base64url.")) from None
    return b64url(raw)


def _auth(value):
    try:
        raw = b64url_decode(value) if isinstance(value, str) else b""
    except ValueError:
        raw = b""
    if len(raw) != 16:
        raise InvalidSubscription(_("Le secret d'authentification de l'abonnement (auth) est invalide : 16 octets attendus, en base64url."))
    return b64url(raw)


BROWSERS = (("Edg", "Edge"), ("SamsungBrowser", "Samsung Internet"), ("Firefox", "Firefox"),
            ("FxiOS", "Firefox"), ("CriOS", "Chrome"), ("Chrome", "Chrome"), ("Safari", "Safari"))
SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"),
           ("Mac OS X", "Mac"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))


def device_label(user_agent):
    """A short name for the list of devices ("Chrome · Android"), from the User-Agent."""
    user_agent = user_agent or ""
    browser = next((name for token, name in BROWSERS if token in user_agent), None)
    system = next((name for token, name in SYSTEMS if token in user_agent), None)
    return " · ".join(part for part in (browser, system) if part)[:60]
