"""Passkeys (WebAuthn) as a second factor, with py_webauthn.

The browser signs a one-time challenge kept in the (signed) session; the
server checks the signature with the public key stored at registration, the
origin and the relying party (this site's host name), and that the
authenticator's counter moved forward when it keeps one.
"""
import json

from flask_babel import gettext as _
from sqlalchemy import select
from webauthn import (base64url_to_bytes, generate_authentication_options, generate_registration_options,
                      options_to_json, verify_authentication_response,
                      verify_registration_response)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (AuthenticatorSelectionCriteria,
                                      PublicKeyCredentialDescriptor, ResidentKeyRequirement,
                                      UserVerificationRequirement)

from app.extensions import db
from app.mfa.errors import PasskeyRefused
from app.mfa.models import Passkey
from app.timeutil import utcnow

RP_NAME = "GTEC du Bocage"


def of_user(user_id):
    """The user's passkeys, oldest first."""
    return db.session.scalars(select(Passkey).where(Passkey.user_id == user_id)
                              .order_by(Passkey.id)).all()


def _descriptors(user_id):
    return [PublicKeyCredentialDescriptor(id=key.credential_id) for key in of_user(user_id)]


def registration_options(user, rp_id):
    """(options as JSON text, challenge) for navigator.credentials.create()."""
    options = generate_registration_options(
        rp_id=rp_id, rp_name=RP_NAME, user_id=str(user.id).encode(), user_name=user.email,
        user_display_name=user.full_name, exclude_credentials=_descriptors(user.id),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED))
    return options_to_json(options), options.challenge


def verified_registration(credential, challenge, rp_id, origin):
    """The new credential's id, public key and counter, or PasskeyRefused."""
    try:
        return verify_registration_response(
            credential=credential, expected_challenge=challenge, expected_rp_id=rp_id,
            expected_origin=origin)
    except (WebAuthnException, ValueError, KeyError, TypeError) as error:
        raise PasskeyRefused(_("La clé d'accès n'a pas pu être enregistrée.")) from error


def new_passkey(user_id, verified, name, transports):
    """A Passkey row for a verified registration, in the caller's unit of work."""
    key = Passkey(user_id=user_id, credential_id=verified.credential_id,
                  public_key=verified.credential_public_key, sign_count=verified.sign_count,
                  name=name, transports=transports)
    db.session.add(key)
    return key


def authentication_options(user_id, rp_id):
    """(options as JSON text, challenge) for navigator.credentials.get()."""
    options = generate_authentication_options(
        rp_id=rp_id, allow_credentials=_descriptors(user_id),
        user_verification=UserVerificationRequirement.PREFERRED)
    return options_to_json(options), options.challenge


def credential_id_of(credential):
    """The raw id the browser says it used, or None when the answer is malformed."""
    try:
        return base64url_to_bytes(json.loads(credential)["rawId"])
    except (ValueError, KeyError, TypeError):
        return None


def accept(key, credential, challenge, rp_id, origin):
    """True, and the counter moved, when `credential` is a valid signature by the locked `key`."""
    try:
        verified = verify_authentication_response(
            credential=credential, expected_challenge=challenge, expected_rp_id=rp_id,
            expected_origin=origin, credential_public_key=key.public_key,
            credential_current_sign_count=key.sign_count)
    except (WebAuthnException, ValueError, KeyError, TypeError):
        return False
    key.sign_count = verified.new_sign_count
    key.last_used_at = utcnow()
    return True
