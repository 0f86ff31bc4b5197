"""Keeping, verifying and opening credentials: one unit of work each.

A proof is read and checked (app/pdf_check: the PDF checks CVs share, in a bounded
process, worded for a proof) before any unit of work starts, then named by the row inside it.
"""
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app import pdf_check as pdf
from app import storage
from app.audit.services import record
from app.credentials.models import PROOF_FOLDER, Credential, CredentialAccess
from app.credentials.rules import computed_expiry
from app.errors import NotAllowed
from app.extensions import db
from app.permissions import (can_keep_credentials, can_open_proof, can_verify_credentials_of,
                             check_allowed)
from app.timeutil import utcnow
from app.work import unit_of_work

FIELDS = ("type", "number", "obtained_on", "expires_on")
WORDING = pdf.Wording(
    export=lambda: _("enregistrez de nouveau votre justificatif en PDF simple (« Imprimer » "
                     "puis « Enregistrer au format PDF »), puis réessayez."),
    shorter=lambda pages: _("Ce PDF compte plus de %(pages)d pages : envoyez un "
                            "justificatif plus court.", pages=pages),
    not_checked=lambda: _("Votre justificatif n'a pas pu être vérifié pour le moment : "
                          "réessayez dans quelques minutes."))


def wallet_of(user):
    """The credentials of `user`, by type then date."""
    return db.session.scalars(select(Credential).where(Credential.holder_id == user.id)
                              .order_by(Credential.type, Credential.obtained_on)).all()


def accept_proof(upload):
    """A checked PDF proof staged in the storage, or None without a file (before any lock)."""
    if upload is None or not getattr(upload, "filename", None):
        return None
    name, data = pdf.read_upload(upload, current_app.config["CV_MAX_BYTES"])
    pdf.extract_text(data, WORDING)
    try:
        staged = storage.storage().stage(PROOF_FOLDER, data, ".pdf")
    except OSError as error:
        raise pdf.StorageFailed(_("Votre justificatif n'a pas pu être enregistré sur le "
                                  "serveur : réessayez dans quelques minutes.")) from error
    return pdf.Upload(staged, pdf.display_name(name), len(data), None)


def _own(work, holder, credential_id):
    credential = work.lock(Credential, credential_id, holder_id=holder.id)
    if credential is None:
        raise NotAllowed()
    return credential


def save(holder, values, proof=None, credential_id=None):
    """Add or edit one of the holder's credentials; an edit sends it back to "à vérifier"."""
    try:
        with unit_of_work() as work:
            check_allowed(can_keep_credentials(holder))
            if credential_id is None:
                credential = Credential(holder_id=holder.id)
                db.session.add(credential)
            else:
                credential = _own(work, holder, credential_id)
            _write(work, credential, values, proof)
            record("credential_saved", actor=holder, obj=credential)
    except BaseException:
        if proof is not None:
            storage.storage().drop(proof.staged)
        raise
    return credential


def _write(work, credential, values, proof):
    for name in FIELDS:
        setattr(credential, name, values.get(name))
    credential.number = credential.number or None
    credential.expires_on = computed_expiry(credential.type, credential.obtained_on) \
        or credential.expires_on
    credential.verified_by_id = credential.verified_by_name = credential.verified_at = None
    if proof is not None:
        if credential.proof_file:
            storage.storage().discard(work, PROOF_FOLDER, credential.proof_file)
        storage.storage().keep(proof.staged)
        credential.proof_file, credential.proof_filename = proof.file, proof.filename
        credential.proof_size = proof.size
    db.session.flush()


def delete(holder, credential_id):
    """The holder deletes a credential and its proof."""
    with unit_of_work() as work:
        credential = _own(work, holder, credential_id)
        record("credential_deleted", actor=holder, obj=credential)
        _erase(work, credential)


def _erase(work, credential):
    if credential.proof_file:
        storage.storage().discard(work, PROOF_FOLDER, credential.proof_file)
    db.session.delete(credential)


def verify(actor, credential_id):
    """A member who knows the holder, or staff, marks the credential checked."""
    with unit_of_work() as work:
        credential = work.lock(Credential, credential_id)
        if credential is None or credential.proof_file is None \
                or not can_verify_credentials_of(actor, credential.holder):
            raise NotAllowed()  # nothing to see: no proof, or not theirs to verify
        credential.verified_by_id, credential.verified_by_name = actor.id, actor.full_name
        credential.verified_at = utcnow()
        record("credential_verified", actor=actor, obj=credential)
    return credential


def record_access(viewer, credential_id, kind):
    """Log an opening of someone else's proof; committed before anything is sent."""
    with unit_of_work() as work:
        credential = work.lock(Credential, credential_id)
        if credential is None or not can_open_proof(viewer, credential):
            raise NotAllowed()
        if credential.holder_id != viewer.id:
            establishment = viewer.establishment
            db.session.add(CredentialAccess(
                credential_id=credential.id, viewer_id=viewer.id, kind=kind,
                viewer_name=viewer.full_name,
                establishment_name=establishment.name if establishment else None))
            record(f"credential_{kind}", actor=viewer, obj=credential)
    return credential


def open_proof(credential):
    """(binary file, size) of a stored proof; FileNotFoundError when it is gone."""
    return storage.storage().open(PROOF_FOLDER, credential.proof_file)


def renew(work, holder_id, kind, obtained_on, verifier, note):
    """Inside the caller's unit of work: the holder's `kind` obtained again on
    `obtained_on`, expiry recomputed, verified by `verifier` without another check.

    The latest credential of that type is renewed (a new one is made if there is none);
    renewing twice on the same day is harmless, and an older date never replaces a newer.
    """
    credential = work.lock_one(
        select(Credential).where(Credential.holder_id == holder_id, Credential.type == kind)
        .order_by(Credential.obtained_on.desc(), Credential.id.desc()).limit(1))
    if credential is None:
        credential = Credential(holder_id=holder_id, type=kind)
        db.session.add(credential)
    elif credential.obtained_on > obtained_on:
        return credential
    credential.obtained_on = obtained_on
    credential.expires_on = computed_expiry(kind, obtained_on)
    credential.verified_by_id = verifier.id
    credential.verified_by_name = f"{verifier.full_name} ({note})"[:201]
    credential.verified_at = utcnow()
    db.session.flush()
    record("credential_renewed", actor=verifier, obj=credential, note=note)
    return credential
