"""A candidate's own profile and CV, access to CVs, contact and moderation."""
import logging
from contextlib import contextmanager

from flask_babel import gettext as _
from sqlalchemy import select

from app import mail
from app.audit.services import record
from app.cv import files
from app.cv.models import CONSENT_VERSION, CandidateProfile, CvAccess
from app.database import begin_write
from app.errors import DomainError, InvalidTransition
from app.extensions import db
from app.timeutil import utcnow

log = logging.getLogger(__name__)
PROFILE_FIELDS = ("headline", "occupations", "diplomas", "years_experience", "contracts",
                  "schedules", "available_from", "communes")


class NoProfile(DomainError):
    pass


def profile_of(user):
    """The candidate's own profile, or None before they save one."""
    return db.session.scalar(select(CandidateProfile).where(CandidateProfile.user_id == user.id))


def _own_for_update(user, create=False):
    """Re-read the candidate's profile under the write lock (created when asked)."""
    profile = db.session.scalar(select(CandidateProfile).where(
        CandidateProfile.user_id == user.id).with_for_update())
    if profile is None and create:
        profile = CandidateProfile(user_id=user.id, headline="")
        db.session.add(profile)
    if profile is None:
        raise NoProfile(_("Enregistrez d'abord votre profil."))
    return profile


def _changed(profile):
    """Content changed: staff check it again before it is (back) in the bank."""
    profile.moderation = "pending"
    profile.moderated_at = None
    profile.touch()


def save_profile(user, fields):
    """Create or update the candidate's profile from the form's fields."""
    begin_write()
    profile = _own_for_update(user, create=True)
    for name in PROFILE_FIELDS:
        setattr(profile, name, fields[name])
    _changed(profile)
    db.session.flush()
    record("cv_profile_saved", actor=user, obj=profile)
    db.session.commit()
    return profile


def point_to(profile, upload):
    """Make the profile name the stored upload; returns the file name it replaces."""
    old = profile.cv_file
    profile.cv_file, profile.cv_filename = upload.file, upload.filename
    profile.cv_size, profile.cv_text, profile.cv_uploaded_at = upload.size, upload.text, utcnow()
    return old


@contextmanager
def kept_if_committed(upload):
    """Around the unit of work that points a row to a new file: if it fails, drop that file.

    The name comes from the upload, never from the row: after a rollback the row names
    its old file again, which stays. A failed commit whose outcome is unknown (the row
    may name the new file after all) keeps the file: an orphan costs a few kilobytes, a
    row without its file a broken download.
    """
    try:
        yield
    except BaseException:
        db.session.rollback()
        if not _named(upload.file):
            files.remove(upload.file)
        raise


def _named(name):
    """Whether a committed row names the file (so it must stay)."""
    try:
        return db.session.scalar(select(CandidateProfile.id).where(
            CandidateProfile.cv_file == name)) is not None
    except Exception:  # the database is unreachable: assume the row might name it
        db.session.rollback()
        log.exception("could not tell whether CV file %s is in use", name)
        return True


def upload_cv(user, storage):
    """Replace the candidate's CV with a checked PDF; the old one stays on refusal."""
    upload = files.accept(storage)
    with kept_if_committed(upload):
        begin_write()
        profile = _own_for_update(user, create=True)
        old = point_to(profile, upload)
        _changed(profile)
        db.session.flush()
        record("cv_uploaded", actor=user, obj=profile, size=upload.size)
        db.session.commit()
    files.remove(old)
    return profile


def show_in_bank(user):
    """The candidate consents, on the form, to be visible to all members."""
    begin_write()
    profile = _own_for_update(user)
    if profile.cv_file is None:
        raise NoProfile(_("Déposez d'abord votre CV."))
    profile.visibility = "members"
    profile.consent_at, profile.consent_version = utcnow(), CONSENT_VERSION
    profile.touch()
    record("cv_consent", actor=user, obj=profile, version=CONSENT_VERSION)
    db.session.commit()
    return profile


def withdraw(user):
    """One click: the profile leaves the bank at once."""
    begin_write()
    profile = _own_for_update(user)
    profile.visibility = "hidden"
    record("cv_withdrawn", actor=user, obj=profile)
    db.session.commit()
    return profile


def keep(user):
    """The candidate answers the retention warning: keep my data two more years."""
    begin_write()
    profile = _own_for_update(user)
    profile.touch()
    record("cv_kept", actor=user, obj=profile)
    db.session.commit()
    return profile


def record_access(viewer, profile_id, kind):
    """Log a view or download of someone else's CV; committed before anything is sent."""
    begin_write()
    profile = db.session.get(CandidateProfile, profile_id)
    if profile.user_id == viewer.id:
        db.session.commit()
        return profile
    establishment = viewer.establishment
    db.session.add(CvAccess(profile_id=profile.id, viewer_id=viewer.id, kind=kind,
                            viewer_name=viewer.full_name,
                            establishment_name=establishment.name if establishment else None))
    record(f"cv_{kind}", actor=viewer, obj=profile)
    db.session.commit()
    return profile


def contact(member, profile_id, message):
    """Mail the candidate a member's message; the candidate decides whether to answer."""
    begin_write()
    profile = db.session.get(CandidateProfile, profile_id)
    # A member writing is not a contact from the candidate: retention is unchanged.
    record("cv_contact", actor=member, obj=profile)
    db.session.commit()
    mail.send(profile.email, "cv_contact", profile=profile, member=member, message=message)
    return profile


MODERATION = {"approve": "approved", "reject": "rejected"}


def moderate(actor, profile_id, action, reason=None, comment=None):
    """Staff let a pending profile into the bank, or keep it out with a reason."""
    begin_write()
    profile = db.session.scalar(select(CandidateProfile).where(
        CandidateProfile.id == profile_id).with_for_update())
    if profile is None or profile.moderation != "pending":
        raise InvalidTransition(_("Ce profil a déjà été vérifié."))
    profile.moderation, profile.moderated_at = MODERATION[action], utcnow()
    profile.rejection_reason, profile.rejection_comment = reason, comment
    record(f"cv_{action}", actor=actor, obj=profile, reason=reason)
    db.session.commit()
    mail.send(profile.email, f"cv_{MODERATION[action]}", profile=profile)
    return profile
