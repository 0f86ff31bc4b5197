"""Establishments joining the association, and their users."""
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select

from app import mail
from app.audit.services import record
from app.auth import tokens
from app.auth.services import create_user, find_by_email
from app.database import begin_write
from app.errors import DomainError, EmailTaken, InvalidToken, InvalidTransition
from app.extensions import db
from app.members.models import REJECTION_REASONS, Establishment


class DuplicateEstablishment(DomainError):
    pass


def _check_unique(siret, finess):
    clauses = []
    if siret:
        clauses.append(Establishment.siret == siret)
    if finess:
        clauses.append(Establishment.finess == finess)
    if db.session.scalar(select(Establishment.id).where(or_(*clauses))):
        raise DuplicateEstablishment(_("Cet établissement (SIRET ou FINESS) est déjà inscrit."))


def request_membership(establishment_fields, user_fields):
    """An establishment asks to join; it stays pending until staff approve it."""
    begin_write()
    _check_unique(establishment_fields.get("siret"), establishment_fields.get("finess"))
    establishment = Establishment(status="pending", **establishment_fields)
    db.session.add(establishment)
    user = create_user(role="member", establishment=establishment, **user_fields)
    db.session.flush()
    record("establishment_request", actor=user, obj=establishment)
    db.session.commit()
    return establishment


def active_members():
    """The establishments shown to the public, by name."""
    return db.session.scalars(
        select(Establishment).where(Establishment.status == "active")
        .order_by(Establishment.name)).all()


def invite(actor, email):
    """Mail a colleague a link to join the actor's establishment."""
    if find_by_email(email) is not None:
        raise EmailTaken(_("Un compte existe déjà avec cette adresse e-mail."))
    begin_write()
    record("invite", actor=actor, obj=actor.establishment, email=email)
    db.session.commit()
    token = tokens.make("invite", {"email": email, "est": actor.establishment_id})
    mail.send(email, "invitation", inviter=actor, establishment=actor.establishment,
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
