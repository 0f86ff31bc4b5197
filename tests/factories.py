"""Valid objects with sensible defaults; override only what a test is about."""
import itertools

from app.auth.models import User
from app.auth.passwords import hash_password
from app.extensions import db
from app.members.models import Establishment
from app.seed import luhn_complete

PASSWORD = "correct horse battery staple"
_sequence = itertools.count(1)
_password_hash = None


def _hash():
    """argon2 is slow on purpose: hash the shared test password only once."""
    global _password_hash
    if _password_hash is None:
        _password_hash = hash_password(PASSWORD)
    return _password_hash


def establishment(commit=True, **fields):
    """An active establishment with a valid SIRET."""
    n = next(_sequence)
    values = dict(name=f"Établissement {n}", kind="ehpad",
                  siret=luhn_complete(f"{n:013d}"), address=f"{n} rue de la Paix",
                  postcode="14500", commune="Vire Normandie", status="active")
    values.update(fields)
    item = Establishment(**values)
    db.session.add(item)
    if commit:
        db.session.commit()
    return item


def user(role="candidate", commit=True, **fields):
    """A user of the given role whose password is PASSWORD."""
    n = next(_sequence)
    values = dict(email=f"{role}{n}@example.org", password_hash=_hash(),
                  first_name="Camille", last_name=f"Test{n}", role=role)
    values.update(fields)
    item = User(**values)
    db.session.add(item)
    if commit:
        db.session.commit()
    return item
