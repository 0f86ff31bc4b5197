"""Credentials with valid defaults."""
from datetime import date

from app import storage
from app.credentials.models import PROOF_FOLDER, Credential
from app.extensions import db
from tests import factories

RPPS = "10003456786"  # 11 digits, Luhn key right


def credential(holder, type="DEAS", obtained_on=date(2020, 6, 1), with_proof=True,
               commit=True, **fields):
    """A credential of `holder`, with a stored PDF proof by default."""
    values = dict(holder_id=holder.id, type=type, obtained_on=obtained_on)
    if with_proof:
        staged = storage.storage().stage(PROOF_FOLDER, factories.pdf_bytes("DEAS"), ".pdf")
        storage.storage().keep(staged)
        values.update(proof_file=staged.name, proof_filename="deas.pdf", proof_size=100)
    values.update(fields)
    item = Credential(**values)
    db.session.add(item)
    if commit:
        db.session.commit()
    return item
