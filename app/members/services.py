"""Establishments joining the association, and their users."""
from flask import current_app
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from app import mail
from app.audit.services import record
from app.auth import signup, throttle, tokens
from app.auth.services import create_user, find_by_email
from app.database import begin_write
from app.errors import DomainError, InvalidToken, InvalidTransition
from app.extensions import db
from app.members.models import REJECTION_REASONS, Establishment


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
    taken = signup.take_signup(token)
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
    db.session.commit()
    return user


def active_members():
    """The establishments shown to the public, by name."""
    return db.session.scalars(
        select(Establishment).where(Establishment.status == "active")
        .order_by(Establishment.name)).all()


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
    begin_write()
    record("invite", actor=actor, obj=actor.establishment, email=email)
    db.session.commit()
    establishment = actor.establishment
    if user is not None:
        mail.send(email, "invitation_account_exists", user=user, inviter=actor,
                  establishment=establishment)
        return
    token = tokens.make("invite", {"email": email, "est": establishment.id})
    mail.send(email, "invitation", inviter=actor, establishment=establishment,
              token=token, days=current_app.config["INVITATION_MAX_AGE"] // 86400)


def read_invitation(token):
    """The (email, establishment) an invitation link is for, if still valid."""
    payload = tokens.read("invite", token, current_app.config["INVITATION_MAX_AGE"])
    establishment = db.session.get(Establishment, payload.get("est"))
    if establishment is None or not establishment.is_active:
        raise InvalidToken(_("Cette invitation n'est plus valable."))
    return payload["email"], establishment


def accept_invitation(token, password, first_name, last_name):
    """Create the invited colleague's account."""
    email, establishment = read_invitation(token)
    begin_write()
    user = create_user(email, password, first_name, last_name, "member", establishment)
    db.session.flush()
    record("invitation_accepted", actor=user, obj=establishment)
    db.session.commit()
    return user


# action: (states it may start from, state it leads to)
TRANSITIONS = {
    "approve": ({"pending"}, "active"),
    "suspend": ({"active"}, "suspended"),
    "reactivate": ({"suspended"}, "active"),
}


def get_for_update(establishment_id):
    """Re-read an establishment inside a write unit of work, locking its row."""
    return db.session.scalar(select(Establishment).where(Establishment.id == establishment_id)
                             .with_for_update())


def change_status(actor, establishment_id, action):
    """Staff approve, suspend or reactivate an establishment."""
    begin_write()
    establishment = get_for_update(establishment_id)
    if establishment is None:  # a refused request was deleted meanwhile
        raise InvalidTransition(_("Cette demande d'adhésion a déjà été traitée."))
    sources, target = TRANSITIONS[action]
    if establishment.status not in sources:
        raise InvalidTransition(_("Cette action n'est plus possible : l'établissement est "
                                  "déjà « %(status)s ».", status=establishment.status_label))
    establishment.status = target
    if target == "suspended":
        for user in establishment.users:
            user.end_all_sessions()
    record(f"establishment_{action}", actor=actor, obj=establishment)
    db.session.commit()
    if action == "approve":
        for user in establishment.users:
            mail.send(user.email, "establishment_approved", user=user,
                      establishment=establishment)
    return establishment


def reject_request(actor, establishment_id, reason, comment):
    """Staff refuse a membership request: it is deleted with its accounts, the requesters told."""
    begin_write()
    establishment = get_for_update(establishment_id)
    if establishment is None or establishment.status != "pending":
        raise InvalidTransition(_("Cette demande d'adhésion a déjà été traitée."))
    name = establishment.name
    recipients = [(user.email, user.first_name) for user in establishment.users]
    record("establishment_reject", actor=actor, obj=establishment, reason=reason, name=name,
           siret=establishment.siret, finess=establishment.finess)
    for user in establishment.users:
        db.session.delete(user)
    db.session.flush()
    db.session.delete(establishment)
    db.session.commit()
    for email, first_name in recipients:
        mail.send(email, "establishment_rejected", first_name=first_name, name=name,
                  reason=REJECTION_REASONS[reason], comment=comment)
    return name


def set_charter_date(actor, establishment_id, signed_on):
    """Record the date the establishment signed the charter (None clears it)."""
    begin_write()
    establishment = get_for_update(establishment_id)
    establishment.charter_signed_on = signed_on
    record("charter_signed", actor=actor, obj=establishment,
           signed_on=signed_on.isoformat() if signed_on else None)
    db.session.commit()
    return establishment
