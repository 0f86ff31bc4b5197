"""Password hashing (argon2id) and the policy: long, and not a common one."""
import re
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from flask_babel import lazy_gettext as _l

from app.forms import use_password_policy

MIN_LENGTH = 12
# argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about
# 0.1 s per login on this 2-core machine. The library's default (64 MiB, 3
# passes, 4 lanes) took 0.65 s of both cores per login, so a few people
# logging in at once stalled every worker. Older hashes still verify: the
# costs are stored in each hash.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def hash_password(password):
    """An argon2id hash of the password."""
    return _hasher.hash(password)


def verify_password(password_hash, password):
    """True when the password matches the stored hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# Verifying against this hash keeps login time equal for unknown emails.
DUMMY_HASH = hash_password("not-a-real-password-but-constant-work")


@lru_cache(maxsize=1)
def _common_passwords():
    path = Path(__file__).with_name("common_passwords.txt")
    return frozenset(path.read_text().split())


# The platform's own name is the first word an attacker tries on its accounts.
PLATFORM_NAMES = ("gtec",)
# A shorter local part ("jo@…") would refuse ordinary words that contain it.
MIN_LOCAL_PART = 4


def _letters_and_digits(text):
    """Lower case, without spaces, dots or other separators: "Julie.Morel" → "juliemorel"."""
    return re.sub(r"[\W_]+", "", text.lower())


def _personal_problem(password, email):
    """Why the password repeats the address or the platform's name, or None."""
    squeezed = _letters_and_digits(password)
    if email:
        local = _letters_and_digits(email.partition("@")[0])
        if password.lower() == email.lower() or (len(local) >= MIN_LOCAL_PART
                                                  and local in squeezed):
            return _l("Le mot de passe ne doit pas reprendre votre adresse e-mail.")
    if any(name in squeezed for name in PLATFORM_NAMES):
        return _l("Le mot de passe ne doit pas contenir le nom de la plateforme (GTEC).")
    return None


def password_problem(password, email=None):
    """The French message explaining why a password is refused, or None.

    `email` is the account's address when known: the password may not repeat it.
    """
    if len(password) < MIN_LENGTH:
        return _l("Le mot de passe doit compter au moins %(n)d caractères.", n=MIN_LENGTH)
    personal = _personal_problem(password, email)
    if personal:
        return personal
    folded = password.lower()
    core = re.sub(r"[\d\W_]+$", "", folded)  # "motdepasse2026!" → "motdepasse"
    if (folded in _common_passwords() or core in _common_passwords()
            or len(set(folded)) <= 3):
        return _l("Ce mot de passe est trop courant : choisissez-en un autre, "
                  "par exemple une phrase de plusieurs mots.")
    return None


use_password_policy(password_problem)  # the shared forms check new passwords with it
