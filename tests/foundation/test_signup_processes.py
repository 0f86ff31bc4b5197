"""One address signed up several times at once, in processes (SQLite and PostgreSQL).

On PostgreSQL two inserts of one email both find it free; the loser's unique
violation must come back as the answer of a sequential duplicate, not a 500.
"""
from flask import current_app
from sqlalchemy import func, select

from app.auth import signup, tokens
from app.auth.models import Signup, User
from app.extensions import db
from app.members import services as members
from tests import factories
from tests.holds.workers import run_together

EMAIL = "julie@example.org"
TIMES = 4


def register_over_http(email):
    """A job: the register form posted; anything but the usual redirect is an error."""
    response = current_app.test_client().post("/auth/register", data={
        "first_name": "Julie", "last_name": "Lefèvre", "email": email,
        "password": factories.PASSWORD, "confirm": factories.PASSWORD, "consent": "y"})
    if response.status_code != 302 or response.headers["Location"] != "/":
        raise AssertionError(f"answered {response.status_code}")


def _together(app, tmp_path, job):
    return [result for _, result in
            run_together(app.config["DATABASE_URL"], tmp_path, [[job]] * TIMES)]


def _count(model):
    db.session.commit()  # a fresh read: this session's snapshot predates the processes
    return db.session.scalar(select(func.count()).select_from(model))


def _sequential_repr(function, *args):
    try:
        function(*args)
    except Exception as error:  # the error a sequential duplicate gets
        db.session.rollback()
        return repr(error)
    raise AssertionError("a sequential duplicate was accepted")


def test_simultaneous_registrations_of_one_address_all_get_the_usual_answer(app, tmp_path):
    job = ("tests.foundation.test_signup_processes.register_over_http", (EMAIL,))
    assert _together(app, tmp_path, job) == ["ok"] * TIMES
    assert _count(Signup) == TIMES and _count(User) == 0


def test_one_sign_up_link_opened_at_once_makes_one_account(app, tmp_path):
    pending = Signup(email=EMAIL, password_hash=factories._hash(),
                     details={"for": "candidate", "first_name": "Julie", "last_name": "L"})
    db.session.add(pending)
    db.session.commit()
    token = tokens.make("signup", {"id": pending.id, "email": EMAIL})
    outcomes = _together(app, tmp_path, ("app.auth.signup.confirm_registration", (token,)))
    duplicate = _sequential_repr(signup.confirm_registration, token)
    assert sorted(outcomes) == sorted(["ok"] + [duplicate] * (TIMES - 1))
    assert "Un compte existe déjà" in duplicate and _count(User) == 1


def test_one_invitation_accepted_at_once_makes_one_account(app, tmp_path, establishment_a):
    token = tokens.make("invite", {"email": EMAIL, "est": establishment_a.id})
    job = ("app.members.services.accept_invitation", (token, factories.PASSWORD, "Inès", "M"))
    outcomes = _together(app, tmp_path, job)
    duplicate = _sequential_repr(members.accept_invitation, token, factories.PASSWORD, "I", "M")
    assert sorted(outcomes) == sorted(["ok"] + [duplicate] * (TIMES - 1))
    assert "Un compte existe déjà" in duplicate and _count(User) == 1
