"""A candidate's own profile and CV, access to CVs, contact and moderation."""
import logging
from contextlib import contextmanager

from flask_babel import gettext as _
from sqlalchemy import select

from app import mail
from app.audit.services import record
from app.cv import files
from app.cv.lifecycle import CONSENT_VERSION, MODERATION, ONLY_STAFF, VISIBILITY
from app.cv.models import CandidateProfile, CvAccess
from app.errors import DomainError, InvalidTransition
from app.extensions import db
from app.permissions import can_contact_candidate, can_manage_own_cv, can_moderate, can_view_cv
from app.timeutil import utcnow
from app.work import unit_of_work

log = logging.getLogger(__name__)
PROFILE_FIELDS = ("headline", "occupations", "diplomas", "years_experience", "contracts",
                  "schedules", "available_from", "communes")


class NoProfile(DomainError):
    pass


class NotAllowed(DomainError):
    """The actor lost the right the page was shown with (checked again under the lock)."""

    def default_message(self):
        return _("Vous n'avez pas accès à ce profil.")


class NotStaff(NotAllowed):
    def default_message(self):
        return str(ONLY_STAFF)


def profile_of(user):
    """The candidate's own profile, or None before they save one."""
    return db.session.scalar(select(CandidateProfile).where(CandidateProfile.user_id == user.id))


def _own_for_update(work, user, create=False):
    """The candidate's profile, locked (created when asked), once their right is checked."""
    if not can_manage_own_cv(user):
        raise NotAllowed()
    profile = work.lock_one(select(CandidateProfile).where(CandidateProfile.user_id == user.id))
    if profile is None and create:
        profile = CandidateProfile(user_id=user.id, headline="", moderation="pending",
                                   visibility="hidden")
        db.session.add(profile)
    if profile is None:
        raise NoProfile(_("Enregistrez d'abord votre profil."))
    return profile


def _changed(profile, actor):
    """Content changed: staff check it again before it is (back) in the bank."""
    MODERATION.apply(profile, "recheck", actor)
    profile.touch()


def save_profile(user, fields):
    """Create or update the candidate's profile from the form's fields."""
    with unit_of_work() as work:
        profile = _own_for_update(work, user, create=True)
        for name in PROFILE_FIELDS:
            setattr(profile, name, fields[name])
        _changed(profile, user)
        db.session.flush()
        record("cv_profile_saved", actor=user, obj=profile)
    return profile


def point_to(profile, upload):
    """Make the profile name the stored upload; returns the file name it replaces."""
    old = profile.cv_file
    profile.cv_file, profile.cv_filename = upload.file, upload.filename
    profile.cv_size, profile.cv_text, profile.cv_uploaded_at = upload.size, upload.text, utcnow()
    files.keep(upload)
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
            files.drop(upload)
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
    upload = files.accept(storage)  # the slow check, before any lock
    with kept_if_committed(upload), unit_of_work() as work:
        profile = _own_for_update(work, user, create=True)
        old = point_to(profile, upload)
        _changed(profile, user)
        db.session.flush()
        record("cv_uploaded", actor=user, obj=profile, size=upload.size)
        files.discard(work, old)
    return profile


def show_in_bank(user):
    """The candidate consents, on the form, to be visible to all members."""
    with unit_of_work() as work:
        profile = _own_for_update(work, user)
        VISIBILITY.apply(profile, "show", user)
        record("cv_consent", actor=user, obj=profile, version=CONSENT_VERSION)
    return profile


def withdraw(user):
    """One click: the profile leaves the bank at once."""
    with unit_of_work() as work:
        profile = _own_for_update(work, user)
        VISIBILITY.apply(profile, "hide", user)
        record("cv_withdrawn", actor=user, obj=profile)
    return profile


def keep(user):
    """The candidate answers the retention warning: keep my data two more years."""
    with unit_of_work() as work:
        profile = _own_for_update(work, user)
        profile.touch()
        record("cv_kept", actor=user, obj=profile)
    return profile


def _visible(work, viewer, profile_id):
    """The profile, locked so that it outlives the unit of work, if `viewer` still sees it."""
    profile = work.lock(CandidateProfile, profile_id)
    if profile is None or not can_view_cv(viewer, profile):
        raise NotAllowed()
    return profile


def record_access(viewer, profile_id, kind):
    """Log a view or download of someone else's CV; committed before anything is sent."""
    with unit_of_work() as work:
        profile = _visible(work, viewer, profile_id)
        if profile.user_id != viewer.id:
            establishment = viewer.establishment
            db.session.add(CvAccess(
                profile_id=profile.id, viewer_id=viewer.id, kind=kind,
                viewer_name=viewer.full_name,
                establishment_name=establishment.name if establishment else None))
            record(f"cv_{kind}", actor=viewer, obj=profile)
    return profile


def contact(member, profile_id, message):
    """Mail the candidate a member's message; the candidate decides whether to answer."""
    with unit_of_work() as work:
        profile = _visible(work, member, profile_id)
        if not can_contact_candidate(member, profile):
            raise NotAllowed()
        # A member writing is not a contact from the candidate: retention is unchanged.
        record("cv_contact", actor=member, obj=profile)
        work.after_commit(mail.send, profile.email, "cv_contact", profile=profile,
                          member=member, message=message)
    return profile


def moderate(actor, profile_id, action, reason=None, comment=None):
    """Staff let a pending profile into the bank, or keep it out with a coded reason."""
    with unit_of_work() as work:
        profile = work.lock(CandidateProfile, profile_id)
        if profile is None:
            raise InvalidTransition(_("Ce profil a déjà été vérifié."))
        if not can_moderate(actor):
            raise NotStaff()
        details = {"reason": reason, "comment": comment} if action == "reject" else {}
        MODERATION.apply(profile, action, actor, **details)
        record(f"cv_{action}", actor=actor, obj=profile, reason=reason)
        work.after_commit(mail.send, profile.email, f"cv_{profile.moderation}", profile=profile)
    return profile
