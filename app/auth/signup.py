"""Signing up by mail: nothing is created until the address's owner opens the link.

Whether or not the address has an account, the visitor gets the same answer
after the same work: the password is hashed, one mail is sent. A new address
gets a link that creates the account; a known one a reminder that it has an
account (and how to reset its password). So neither the page, its timing,
nor a later login with the password just chosen tells which addresses have
an account.
"""
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select

from app import mail
from app.audit.services import record
from app.auth import throttle, tokens
from app.auth.models import Signup
from app.auth.passwords import hash_password
from app.auth.services import create_user, find_by_email
from app.errors import EmailTaken, InvalidToken
from app.extensions import db
from app.timeutil import utcnow
from app.work import unit_of_work


def request_signup(email, password, address, details):
    """Mail `email` a link that creates its account, or a reminder if it has one.

    `details` (names, and what the account is for: "for" is "candidate" or
    "establishment") are kept until the link is opened and given to the mails.
    """
    throttle.take("mail", email, address)
    password_hash = hash_password(password)  # on both paths, and before the write lock
    with unit_of_work() as work:
        db.session.execute(delete(Signup).where(Signup.created_at < utcnow() - _max_age()))
        user = find_by_email(email)
        if user is not None:
            work.after_commit(mail.send, email, "account_exists", user=user, details=details)
            return
        signup = Signup(email=email, password_hash=password_hash, details=details)
        db.session.add(signup)
        db.session.flush()
        work.after_commit(mail.send, email, "signup_confirm", details=details,
                          token=tokens.make("signup", {"id": signup.id, "email": email}),
                          hours=current_app.config["SIGNUP_LINK_MAX_AGE"] // 3600)


def drop_expired(now):
    """Delete the sign-ups whose link has expired: an address nobody confirmed is not kept."""
    with unit_of_work():
        return db.session.execute(delete(Signup).where(Signup.created_at < now - _max_age())).rowcount


def check_your_mail(email):
    """The answer to a sign-up, the same whether the address has an account or not."""
    return _("Un courriel vient d'être envoyé à %(email)s : ouvrez le lien qu'il contient "
             "pour confirmer votre adresse et terminer votre inscription.", email=email)


def _max_age():
    return timedelta(seconds=current_app.config["SIGNUP_LINK_MAX_AGE"])


def _payload(token):
    return tokens.read("signup", token, current_app.config["SIGNUP_LINK_MAX_AGE"])


def _gone(email):
    """The error for a link whose sign-up is no longer pending."""
    if find_by_email(email) is not None:  # only the mailbox's owner has the link
        return EmailTaken(already_confirmed())
    return InvalidToken(_("Ce lien n'est plus valable : inscrivez-vous à nouveau."))


def already_confirmed():
    """What the opener of a link is told when the address has an account already."""
    return _("Un compte existe déjà pour cette adresse : connectez-vous.")


def read_signup(token):
    """The pending sign-up a link is for, or InvalidToken / EmailTaken (already used)."""
    payload = _payload(token)
    signup = db.session.get(Signup, payload.get("id"))
    if signup is None:
        raise _gone(payload.get("email"))
    return signup


def take_signup(token):
    """Consume a sign-up link in the caller's unit of work (it joins it); its details.

    Every pending sign-up of the address is locked (in id order, so two links
    opened at once wait for each other) and removed: the first link opened wins.
    Call it inside the unit of work that creates the account, so both are one commit.
    """
    payload = _payload(token)
    with unit_of_work() as work:
        pending = work.lock_all(select(Signup).where(Signup.email == payload.get("email"))
                                .order_by(Signup.id))
        mine = next((signup for signup in pending if signup.id == payload.get("id")), None)
        if mine is None:
            raise _gone(payload.get("email"))
        taken = {"email": mine.email, "password_hash": mine.password_hash, **mine.details}
        for signup in pending:
            db.session.delete(signup)
    return taken


def create_account(taken, role, establishment=None):
    """The user of a consumed sign-up, added to the unit of work."""
    try:
        return create_user(taken["email"], None, taken["first_name"], taken["last_name"], role,
                           establishment, consent=role == "candidate",
                           password_hash=taken["password_hash"])
    except EmailTaken as error:
        raise EmailTaken(already_confirmed()) from error


def kind_of(token):
    """What a valid sign-up link is for: "candidate" or "establishment"."""
    return read_signup(token).details["for"]


def confirm_registration(token):
    """A job seeker opened the link: their candidate account now exists."""
    with unit_of_work():
        user = create_account(take_signup(token), "candidate")
        db.session.flush()
        record("register", actor=user, obj=user)
    return user
