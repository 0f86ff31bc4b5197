"""Members share a CV they received; the candidate consents, refuses or takes it over.

Until the candidate consents, only the sharing establishment sees the profile;
without consent within CV_SHARE_CONSENT_DAYS, or on refusal, it is deleted.
"""
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app import mail
from app.audit.services import record
from app.auth import tokens
from app.auth.passwords import hash_password
from app.auth.services import create_user
from app.cv import files
from app.cv.lifecycle import CONSENT_VERSION, VISIBILITY
from app.cv.models import CandidateProfile
from app.cv.privacy import erase_profile
from app.cv.services import NotAllowed, kept_if_committed, point_to
from app.errors import InvalidToken
from app.extensions import db
from app.permissions import can_share_cv
from app.work import unit_of_work


def _max_age():
    return current_app.config["CV_SHARE_CONSENT_DAYS"] * 86400


def share(member, email, occupation, storage):
    """A member puts a CV it received into the bank, pending the candidate's consent."""
    upload = files.accept(storage)  # the slow check, before any lock
    with kept_if_committed(upload), unit_of_work() as work:
        if not can_share_cv(member):
            raise NotAllowed()
        profile = CandidateProfile(contact_email=email, occupations=[occupation],
                                   shared_by_id=member.id, share_status="awaiting",
                                   shared_by_establishment_id=member.establishment_id,
                                   visibility="hidden", moderation="pending")
        point_to(profile, upload)
        db.session.add(profile)
        db.session.flush()
        record("cv_shared", actor=member, obj=profile)
        # The address makes the link worthless for any later profile given the same id.
        token = tokens.make("cv-consent", {"pid": profile.id, "email": email})
        work.after_commit(mail.send, email, "cv_consent_request", profile=profile,
                          member=member, token=token,
                          days=current_app.config["CV_SHARE_CONSENT_DAYS"])
    return profile


def _shared(query, payload):
    """The shared profile a consent link's payload names, while it still exists."""
    profile = query(select(CandidateProfile).where(
        CandidateProfile.id == (payload.get("pid") or 0),
        CandidateProfile.shared_by_establishment_id.is_not(None),
        CandidateProfile.contact_email == payload.get("email")))
    if profile is None:
        raise InvalidToken(_("Ce lien n'est plus valable : le CV a été supprimé."))
    return profile


def read_token(token):
    """The shared profile a consent link is for, while it still exists."""
    return _shared(db.session.scalar, tokens.read("cv-consent", token, _max_age()))


def _locked(work, token):
    """The shared profile of a consent link, locked for its candidate's answer."""
    return _shared(work.lock_one, tokens.read("cv-consent", token, _max_age()))


def consent(token):
    """The candidate agrees: the profile goes to staff, then into the bank."""
    with unit_of_work() as work:
        profile = _locked(work, token)
        profile.share_status = "consented"
        VISIBILITY.apply(profile, "show")
        record("cv_share_consent", obj=profile, version=CONSENT_VERSION)
    return profile


def refuse(token):
    """The candidate refuses: the profile and its file are deleted now."""
    with unit_of_work() as work:
        profile = _locked(work, token)
        record("cv_share_refused", obj=profile)
        files.discard(work, erase_profile(profile))


def claim(token, password, first_name, last_name):
    """A candidate who consented makes the shared profile their own account."""
    password_hash = hash_password(password)  # slow on purpose: before the lock
    with unit_of_work() as work:
        profile = _locked(work, token)
        if profile.share_status != "consented" or profile.user_id is not None:
            raise InvalidToken(_("Donnez d'abord votre accord, ou connectez-vous : "
                                 "ce profil a déjà un compte."))
        user = create_user(profile.contact_email, None, first_name, last_name, "candidate",
                           consent=True, password_hash=password_hash)
        db.session.flush()
        profile.user_id, profile.contact_email = user.id, None
        profile.shared_by_establishment_id = profile.share_status = None
        record("cv_share_claimed", actor=user, obj=profile)
    return user


def shared_by(establishment_id):
    """The profiles an establishment shared that are still awaiting consent."""
    return db.session.scalars(select(CandidateProfile).where(
        CandidateProfile.shared_by_establishment_id == establishment_id,
        CandidateProfile.share_status == "awaiting")
        .order_by(CandidateProfile.created_at.desc())).all()
