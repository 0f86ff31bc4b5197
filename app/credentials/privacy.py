"""The wallet's part of a person's data rights: the export's rows, erasure with the proofs."""
from sqlalchemy import select

from app import storage
from app.credentials.models import PROOF_FOLDER, Credential
from app.credentials.services import open_proof, wallet_of
from app.extensions import db
from app.work import Work

FIELDS = ("type", "number", "obtained_on", "expires_on", "proof_filename", "proof_size",
          "verified_by_name", "verified_at", "created_at", "updated_at")


def export_rows(user):
    """The credentials of `user`, each with its state and who opened its proof."""
    return [{**{name: getattr(item, name) for name in FIELDS}, "state": item.state,
             "proof": f"justificatifs/{item.id}.pdf" if item.proof_file else None,
             "accesses": [{"at": row.at, "kind": row.kind, "who": row.viewer_name,
                           "establishment": row.establishment_name} for row in item.accesses]}
            for item in wallet_of(user)]


def export_proofs(user):
    """(archive path, open binary file) of each proof, for the ZIP export."""
    for item in wallet_of(user):
        if item.proof_file:
            yield f"justificatifs/{item.id}.pdf", open_proof(item)[0]


def erase_of(user):
    """Delete the credentials of `user` in the caller's unit of work (joined: Work holds no
    state); the proofs go with its commit. Returns how many were erased."""
    work = Work()
    items = db.session.scalars(select(Credential).where(Credential.holder_id == user.id)).all()
    for item in items:
        if item.proof_file:
            storage.storage().discard(work, PROOF_FOLDER, item.proof_file)
        db.session.delete(item)
    return len(items)
