"""The pool profile: joining, editing, checking (approve, suspend), a member's invitation.

Each write is one unit of work: lock, re-check the right, act through PROFILE,
audit, mail after the commit. Editing occupations or diplomas sends a checked
profile back to be checked ("recheck"): those decide which missions it is offered.
"""
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import exists, or_, select

from app import communes
from app.audit.services import record
from app.auth import tokens
from app.auth.models import User
from app.errors import DomainError
from app.extensions import db
from app.members.models import Establishment
from app.notifications import policy
from app.notifications.services import choices, save_preferences
from app.permissions import (can_check_pool_profile, can_check_pool_profiles,
                             can_invite_to_pool, can_join_pool, can_suspend_pool_profile,
                             check_allowed, is_staff)
from app.replacements.lifecycle import PROFILE
from app.replacements.models import (CONSENT_VERSION, ProfileCommune, ProfileDiploma,
                                     ProfileEmployer, ProfileOccupation, ReplacementProfile)
from app.timeutil import utcnow
from app.work import unit_of_work

KIND = "missions"
INVITE_PURPOSE = "replacements-invite"
INVITE_DAYS = 30


class AlreadyInPool(DomainError):
    def default_message(self):
        return _("Vous êtes déjà dans le vivier de remplaçants.")


def profile_of(user):
    return db.session.scalar(select(ReplacementProfile)
                             .where(ReplacementProfile.user_id == user.id))


def home_label(profile):
    """« Flers (61100) »: the home commune as the form takes it back."""
    commune = communes.find(profile.home_insee)
    return commune.label if commune else profile.home_commune


def join(actor, data, invited_by_id=None):
    """A candidate account enters the pool, pending a check; returns the profile."""
    with unit_of_work() as work:
        account = work.lock(User, actor.id)
        check_allowed(account is not None and can_join_pool(account), _(
            "Seul un compte de professionnel(le) rejoint le vivier de remplaçants."))
        if profile_of(account) is not None:
            raise AlreadyInPool()
        profile = ReplacementProfile(user_id=account.id, status="pending", consent_at=utcnow(),
                                     consent_version=CONSENT_VERSION,
                                     invited_by_id=_existing(invited_by_id))
        _fill(profile, data)
        db.session.add(profile)
        _save_channels(account, data)
        db.session.flush()
        record("replacement_profile_join", actor=account, obj=profile,
               invited_by=profile.invited_by_id)
    return profile


def update(actor, data):
    """The professional edits their profile; new occupations or diplomas: checked again."""
    with unit_of_work() as work:
        profile = work.lock_one(select(ReplacementProfile).where(ReplacementProfile.user_id == actor.id))
        check_allowed(profile is not None and profile.status != "suspended", _(
            "Votre profil de remplaçant(e) est suspendu : contactez l'association."))
        rechecked = (data["occupations"] != profile.occupation_codes
                     or data["diplomas"] != profile.diploma_codes)
        _fill(profile, data)
        _save_channels(actor, data)
        if rechecked and PROFILE.can(profile, "recheck", actor):
            PROFILE.apply(profile, "recheck", actor)
        record("replacement_profile_update", actor=actor, obj=profile, rechecked=rechecked)
    return profile, rechecked


def _existing(establishment_id):
    if establishment_id is None:
        return None
    establishment = db.session.get(Establishment, establishment_id)
    return establishment.id if establishment is not None and establishment.is_active else None


def _fill(profile, data):
    """Copy the form's data onto the profile and its join tables (replaced whole)."""
    home = data["home"]
    profile.home_insee, profile.home_commune = home.insee, home.name
    profile.latitude, profile.longitude = home.latitude, home.longitude
    profile.radius_km = data["radius_km"]
    profile.weekly_ceiling_hours = data["weekly_ceiling_hours"]
    profile.occupations = [ProfileOccupation(occupation=code) for code in sorted(data["occupations"])]
    profile.diplomas = [ProfileDiploma(diploma=code) for code in sorted(data["diplomas"])]
    profile.communes = [ProfileCommune(insee=c.insee, name=c.name) for c in data["others"]]
    employers = set(data["employers"]) | ({profile.invited_by_id} if profile.invited_by_id else set())
    profile.employers = [ProfileEmployer(establishment_id=ident) for ident in sorted(employers)
                         if _existing(ident)]
    if profile.id is not None:
        db.session.flush()  # the old join rows go before the new ones are written


def _save_channels(account, data):
    """The channels of kind "missions" and the mobile: the notification preferences."""
    chosen = choices(account.id)
    chosen[KIND] = set(data["channels"])
    save_preferences(account, chosen, mobile_phone=data["mobile_phone"])


def viewed(actor, profile_id):
    """A checker opens a profile: logged in the audit; returns it (None: not theirs)."""
    with unit_of_work() as work:
        profile = work.lock(ReplacementProfile, profile_id)
        if profile is None or not can_check_pool_profile(actor, profile):
            return None
        record("replacement_profile_view", actor=actor, obj=profile)
    return profile


def checkable(actor, status):
    """The profiles `actor` may check, in `status` (a select to paginate)."""
    query = (select(ReplacementProfile).join(User, User.id == ReplacementProfile.user_id)
             .where(ReplacementProfile.status == status)
             .order_by(ReplacementProfile.created_at, ReplacementProfile.id))
    if is_staff(actor):
        return query
    employer = exists().where(ProfileEmployer.profile_id == ReplacementProfile.id,
                              ProfileEmployer.establishment_id == actor.establishment_id)
    return query.where(or_(ReplacementProfile.invited_by_id == actor.establishment_id, employer))


def visible(actor, profile_id):
    """The profile if `actor` may check it (nothing logged), else None."""
    profile = db.session.get(ReplacementProfile, profile_id)
    return profile if profile is not None and can_check_pool_profile(actor, profile) else None


def approve(actor, profile_id):
    """Staff or a member who knows the person checks the profile: it is alerted from now."""
    with unit_of_work() as work:
        profile = _checked_by(work, actor, profile_id)
        PROFILE.apply(profile, "approve", actor)
        profile.checked_at, profile.checked_by_id = utcnow(), actor.id
        record("replacement_profile_approve", actor=actor, obj=profile)
        work.after_commit(policy.notify, profile.user.email, "replacement_profile_approved",
                          url=url_for("replacements.profile_me", _external=True),
                          profile=profile, user=profile.user)
    return profile


def suspend(actor, profile_id):
    """Staff suspend a profile: no more alerts until reinstated."""
    with unit_of_work() as work:
        profile = _checked_by(work, actor, profile_id)
        check_allowed(can_suspend_pool_profile(actor),
                      _("Seule l'équipe de l'association suspend un profil."))
        PROFILE.apply(profile, "suspend", actor)
        record("replacement_profile_suspend", actor=actor, obj=profile)
    return profile


def _checked_by(work, actor, profile_id):
    profile = work.lock(ReplacementProfile, profile_id)
    check_allowed(can_check_pool_profiles(actor))
    check_allowed(profile is not None and can_check_pool_profile(actor, profile))
    return profile


def invitation_token(establishment_id, email):
    return tokens.make(INVITE_PURPOSE, {"e": establishment_id, "m": email})


def read_invitation(token):
    """The establishment id an invitation link carries (InvalidToken when forged or old)."""
    return tokens.read(INVITE_PURPOSE, token, max_age=INVITE_DAYS * 86400)["e"]


def invite(actor, email):
    """A member invites an employee to the pool: a mail with a link to join (30 days)."""
    with unit_of_work() as work:
        check_allowed(can_invite_to_pool(actor), _(
            "Votre établissement n'est pas (ou plus) membre actif."))
        establishment = actor.establishment
        link = url_for("replacements.join", invite=invitation_token(establishment.id, email),
                       _external=True)
        record("replacement_invite", actor=actor, email=email)
        work.after_commit(policy.notify, email, "replacement_invitation", url=link,
                          link=link, establishment=establishment, member=actor)
