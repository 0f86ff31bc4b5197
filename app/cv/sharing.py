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
from app.auth.services import create_user
from app.cv import files
from app.cv.models import CONSENT_VERSION, CandidateProfile
from app.cv.privacy import erase_profile
from app.cv.services import kept_if_committed, point_to
from app.database import begin_write
from app.errors import InvalidToken
from app.extensions import db
from app.timeutil import utcnow


def _max_age():
    return current_app.config["CV_SHARE_CONSENT_DAYS"] * 86400


def share(member, email, occupation, storage):
    """A member puts a CV it received into the bank, pending the candidate's consent."""
    upload = files.accept(storage)
    with kept_if_committed(upload):
        begin_write()
        profile = CandidateProfile(contact_email=email, occupations=[occupation],
                                   shared_by_id=member.id, share_status="awaiting",
                                   shared_by_establishment_id=member.establishment_id)
        point_to(profile, upload)
        db.session.add(profile)
        db.session.flush()
        record("cv_shared", actor=member, obj=profile)
        db.session.commit()
    # The address makes the link worthless for any later profile given the same id.
    token = tokens.make("cv-consent", {"pid": profile.id, "email": email})
    mail.send(email, "cv_consent_request", profile=profile, member=member, token=token,
              days=current_app.config["CV_SHARE_CONSENT_DAYS"])
    return profile


def read_token(token):
    """The shared profile a consent link is for, while it still exists."""
    payload = tokens.read("cv-consent", token, _max_age())
    profile = db.session.get(CandidateProfile, payload.get("pid") or 0)
    if (profile is None or profile.shared_by_establishment_id is None
            or profile.contact_email != payload.get("email")):
        raise InvalidToken(_("Ce lien n'est plus valable : le CV a été supprimé."))
    return profile


def consent(token):
    """The candidate agrees: the profile goes to staff, then into the bank."""
    profile_id = read_token(token).id
    begin_write()
    profile = db.session.get(CandidateProfile, profile_id)
    profile.share_status, profile.visibility = "consented", "members"
    profile.consent_at, profile.consent_version = utcnow(), CONSENT_VERSION
    profile.touch()
    record("cv_share_consent", obj=profile, version=CONSENT_VERSION)
    db.session.commit()
    return profile


def refuse(token):
    """The candidate refuses: the profile and its file are deleted now."""
    profile_id = read_token(token).id
    begin_write()
    profile = db.session.get(CandidateProfile, profile_id)
    record("cv_share_refused", obj=profile)
    name = erase_profile(profile)
    db.session.commit()
    files.remove(name)


def claim(token, password, first_name, last_name):
    """A candidate who consented makes the shared profile their own account."""
    profile_id = read_token(token).id
    begin_write()
    profile = db.session.get(CandidateProfile, profile_id)
    if profile.share_status != "consented" or profile.user_id is not None:
        raise InvalidToken(_("Donnez d'abord votre accord, ou connectez-vous : "
                             "ce profil a déjà un compte."))
    user = create_user(profile.contact_email, password, first_name, last_name, "candidate",
                       consent=True)
    db.session.flush()
    profile.user_id, profile.contact_email = user.id, None
    profile.shared_by_establishment_id = profile.share_status = None
    record("cv_share_claimed", actor=user, obj=profile)
    db.session.commit()
    return user


def shared_by(establishment_id):
    """The profiles an establishment shared that are still awaiting consent."""
    return db.session.scalars(select(CandidateProfile).where(
        CandidateProfile.shared_by_establishment_id == establishment_id,
        CandidateProfile.share_status == "awaiting")
        .order_by(CandidateProfile.created_at.desc())).all()
