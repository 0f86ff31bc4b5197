"""A candidate's rights over their data: export everything, erase everything
(the replacement pool's part in app/replacements/privacy.py)."""
import io
import shutil
import json
import zipfile

from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select

from app.alerts.models import SavedSearch
from app.audit.services import record, record_export
from app.auth.models import LoginFailure, MailRequest, Signup, User
from app.auth.passwords import verify_password
from app.credentials import privacy as credentials
from app.cv import applications, files
from app.cv.models import CandidateProfile, CvAccess
from app.cv.stats import bump
from app.errors import InvalidCredentials
from app.extensions import db
from app.notifications.models import SentMail
from app.notifications.services import choices
from app.push.models import PushSubscription
from app.replacements import privacy as replacements
from app.timeutil import utcnow
from app.work import unit_of_work


def _profile_data(profile):
    if profile is None:
        return None
    fields = ("headline", "occupations", "diplomas", "years_experience", "contracts",
              "schedules", "available_from", "communes", "visibility", "consent_at",
              "consent_version", "moderation", "cv_filename", "cv_size", "cv_uploaded_at",
              "last_contact_at", "retention_until", "created_at", "cv_text")
    return {name: getattr(profile, name) for name in fields}


def _accesses(profile):
    return [{"at": access.at, "kind": access.kind, "who": access.viewer_name,
             "establishment": access.establishment_name}
            for access in (profile.accesses if profile else [])]


def _rows(model, where, fields, order):
    return [{name: getattr(row, name) for name in fields}
            for row in db.session.scalars(select(model).where(where).order_by(order))]


def _kept_for_them(user):
    """What the platform keeps of the person beyond the CV: searches, choices, devices, messages."""
    return {
        "saved_searches": _rows(SavedSearch, SavedSearch.user_id == user.id,
                                ("name", "kind", "query", "filters", "created_at",
                                 "last_sent_at"), SavedSearch.id),
        "notification_choices": {kind: sorted(names)
                                 for kind, names in choices(user.id).items()},
        "push_subscriptions": _rows(PushSubscription, PushSubscription.user_id == user.id,
                                    ("device", "endpoint", "created_at", "last_success_at"),
                                    PushSubscription.id),
        "sent_messages": _rows(SentMail, _messages_of(user),
                               ("created_at", "at", "channel", "recipient", "template",
                                "subject", "status", "attempts", "error"), SentMail.id),
    }


def _messages_of(user):
    """The log rows of messages to the person: their account, their address, their mobile."""
    addresses = [user.email] + ([user.mobile_phone] if user.mobile_phone else [])
    return or_(SentMail.user_id == user.id, SentMail.recipient.in_(addresses))


def export(user):
    """A ZIP of the candidate's data: data.json, the CV and the access history."""
    profile = db.session.scalar(select(CandidateProfile).where(CandidateProfile.user_id == user.id))
    data = {"account": {"email": user.email, "first_name": user.first_name,
                        "last_name": user.last_name, "created_at": user.created_at,
                        "consent_at": user.consent_at, "mobile_phone": user.mobile_phone},
            "profile": _profile_data(profile), "cv_access_history": _accesses(profile),
            "exported_at": utcnow()}
    data["applications"] = applications.export_rows(user)
    data.update(_kept_for_them(user))
    data["replacements"] = replacements.export_rows(user)
    data["credentials"] = credentials.export_rows(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("donnees.json", json.dumps(data, default=str, ensure_ascii=False,
                                                    indent=2))
        archive.writestr("historique_consultations.json", json.dumps(
            data["cv_access_history"], default=str, ensure_ascii=False, indent=2))
        if profile and profile.cv_file:
            source, _size = files.open_file(profile.cv_file)
            with source, archive.open("cv.pdf", "w") as target:
                shutil.copyfileobj(source, target)
        for path, source in credentials.export_proofs(user):
            with source, archive.open(path, "w") as target:
                shutil.copyfileobj(source, target)
    actor = db.session.get(User, user.id)
    record_export(actor, "data_export", obj=actor)
    return buffer.getvalue()


def erase_profile(profile):
    """Delete a profile and its access log in the caller's unit of work; returns its file."""
    bump("cv_profiles_erased")
    bump("cv_accesses_erased", db.session.scalar(
        select(func.count(CvAccess.id)).where(CvAccess.profile_id == profile.id)))
    name = profile.cv_file
    db.session.delete(profile)
    return name


def erase_user(user):
    """Delete a candidate's rows in the caller's unit of work; returns the file names."""
    bump("applications_erased", applications.erase_of(user))
    replacements.erase_of(user)
    bump("credentials_erased", credentials.erase_of(user))
    profile = db.session.scalar(select(CandidateProfile).where(CandidateProfile.user_id == user.id))
    names = [erase_profile(profile)] if profile is not None else []
    bump("candidate_accounts_erased")
    for model in (LoginFailure, MailRequest, Signup):
        db.session.execute(delete(model).where(model.email == user.email))
    # The mails sent to them hold their name and, when a mail failed, its whole text.
    db.session.execute(delete(SentMail).where(_messages_of(user)))
    record("account_deleted", obj=user)
    db.session.delete(user)
    return [name for name in names if name]


def delete_account(user, password):
    """The candidate erases their account after typing their password again."""
    if not verify_password(user.password_hash, password):
        raise InvalidCredentials(_("Mot de passe incorrect : le compte n'est pas supprimé."))
    with unit_of_work() as work:
        erase_files(work, erase_user(work.lock(User, user.id)))


def erase_files(work, names):
    """Delete the files of erased rows once their erasure is committed."""
    for name in names:
        files.discard(work, name)
