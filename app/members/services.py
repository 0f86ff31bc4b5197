"""Establishments joining the association, their users, and staff deciding on them."""
from flask import current_app
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from app import mail
from app.audit.services import record
from app.auth import signup, throttle, tokens
from app.auth.passwords import hash_password
from app.auth.services import create_user, find_by_email
from app.errors import DomainError, InvalidToken, InvalidTransition
from app.extensions import db
from app.members.models import MEMBERSHIP, REJECTION_REASONS, Establishment
from app.permissions import can_invite_users, can_moderate, check_allowed
from app.work import unit_of_work


class DuplicateEstablishment(DomainError):
    pass


class AlreadyInTeam(DomainError):
    pass


DUPLICATE = _l("Cet établissement (SIRET ou FINESS) est déjà inscrit.")


def _check_unique(siret, finess):
    clauses = []
    if siret:
        clauses.append(Establishment.siret == siret)
    if finess:
        clauses.append(Establishment.finess == finess)
    if db.session.scalar(select(Establishment.id).where(or_(*clauses))):
        raise DuplicateEstablishment(DUPLICATE)


def request_membership(establishment_fields, user_fields, address):
    """An establishment asks to join: its first user is mailed a link to confirm it."""
    _check_unique(establishment_fields.get("siret"), establishment_fields.get("finess"))
    details = {"for": "establishment", "first_name": user_fields["first_name"],
               "last_name": user_fields["last_name"], "establishment": establishment_fields}
    signup.request_signup(user_fields["email"], user_fields["password"], address, details)


def confirm_membership(token):
    """The link was opened: the establishment and its first user exist, pending approval."""
    with unit_of_work():
        taken = signup.take_signup(token)  # consumes the link in this unit: undone on refusal
        fields = taken["establishment"]
        _check_unique(fields.get("siret"), fields.get("finess"))
        establishment = Establishment(status="pending", **fields)
        try:
            with db.session.begin_nested():  # two requests of one SIRET at once
                db.session.add(establishment)
        except IntegrityError as error:
            raise DuplicateEstablishment(DUPLICATE) from error
        user = signup.create_account(taken, "member", establishment)
        db.session.flush()
        record("establishment_request", actor=user, obj=establishment)
    return user


def invite(actor, email, address):
    """Mail a colleague a link to join the actor's establishment.

    The actor may learn only what the team page shows anyway: whether the
    address is already one of their establishment's accounts. An address with
    an account elsewhere gets the same answer as a new one; its owner is
    mailed that their account cannot join, instead of an invitation.
    """
    user = find_by_email(email)
    if user is not None and user.establishment_id == actor.establishment_id:
        raise AlreadyInTeam(_("%(email)s fait déjà partie de votre équipe.", email=email))
    throttle.take("mail", email, address)
    with unit_of_work() as work:
        check_allowed(can_invite_users(actor), _("Votre établissement n'est pas (ou plus) "
                                                 "membre actif : il n'invite pas de collègue."))
        establishment = actor.establishment
        record("invite", actor=actor, obj=establishment, email=email)
        if user is not None:
            work.after_commit(mail.send, email, "invitation_account_exists", user=user,
                              inviter=actor, establishment=establishment)
            return
        token = tokens.make("invite", {"email": email, "est": establishment.id})
        work.after_commit(mail.send, email, "invitation", inviter=actor,
                          establishment=establishment, token=token,
                          days=current_app.config["INVITATION_MAX_AGE"] // 86400)


def _invitation(token):
    return tokens.read("invite", token, current_app.config["INVITATION_MAX_AGE"])


def _still_welcoming(establishment):
    """An invitation is valid while its establishment exists and is active."""
    if establishment is None or not establishment.is_active:
        raise InvalidToken(_("Cette invitation n'est plus valable."))
    return establishment


def read_invitation(token):
    """The (email, establishment) an invitation link is for, if still valid."""
    payload = _invitation(token)
    return payload["email"], _still_welcoming(db.session.get(Establishment, payload.get("est")))


def accept_invitation(token, password, first_name, last_name):
    """Create the invited colleague's account, if its establishment is still active."""
    payload = _invitation(token)
    password_hash = hash_password(password)  # slow: before the write lock
    with unit_of_work() as work:
        establishment = _still_welcoming(work.lock(Establishment, payload.get("est")))
        user = create_user(payload["email"], None, first_name, last_name, "member",
                           establishment, password_hash=password_hash)
        db.session.flush()
        record("invitation_accepted", actor=user, obj=establishment)
    return user


def _lock_for_staff(work, actor, establishment_id, gone):
    """The establishment locked, once the actor's right is read again under the lock."""
    establishment = work.lock(Establishment, establishment_id)
    if establishment is None:  # a refused request was deleted meanwhile
        raise InvalidTransition(gone)
    check_allowed(can_moderate(actor), _("Seule l'équipe de l'association décide des "
                                         "adhésions."))
    return establishment


def change_status(actor, establishment_id, action):
    """Staff approve, suspend or reactivate an establishment."""
    with unit_of_work() as work:
        establishment = _lock_for_staff(work, actor, establishment_id,
                                        _("Cette demande d'adhésion a déjà été traitée."))
        MEMBERSHIP.apply(establishment, action, actor)
        record(f"establishment_{action}", actor=actor, obj=establishment)
        if action == "approve":
            for user in establishment.users:
                work.after_commit(mail.send, user.email, "establishment_approved", user=user,
                                  establishment=establishment)
    return establishment


def reject_request(actor, establishment_id, reason, comment):
    """Staff refuse a membership request: it is deleted with its accounts, the requesters told."""
    handled = _("Cette demande d'adhésion a déjà été traitée.")
    with unit_of_work() as work:
        establishment = _lock_for_staff(work, actor, establishment_id, handled)
        if not establishment.is_pending:
            raise InvalidTransition(handled)
        name = establishment.name
        record("establishment_reject", actor=actor, obj=establishment, reason=reason,
               name=name, siret=establishment.siret, finess=establishment.finess)
        for user in establishment.users:
            work.after_commit(mail.send, user.email, "establishment_rejected",
                              first_name=user.first_name, name=name,
                              reason=REJECTION_REASONS[reason], comment=comment)
            db.session.delete(user)
        db.session.flush()
        db.session.delete(establishment)
    return name


def set_charter_date(actor, establishment_id, signed_on):
    """Record the date the establishment signed the charter (None clears it)."""
    with unit_of_work() as work:
        establishment = _lock_for_staff(work, actor, establishment_id,
                                        _("Cet établissement n'existe plus."))
        establishment.charter_signed_on = signed_on
        record("charter_signed", actor=actor, obj=establishment,
               signed_on=signed_on.isoformat() if signed_on else None)
    return establishment
