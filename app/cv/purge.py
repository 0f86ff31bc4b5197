"""The daily retention job: warn, then erase candidates without contact for two years.

Also deletes CVs a member shared that the candidate never consented to.
And applications three months after their vacancy closed (see applications).
"""
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from app import mail
from app.audit.services import record
from app.auth import signup, throttle
from app.cv import applications, files
from app.cv.models import CandidateProfile
from app.cv.privacy import erase_profile, erase_user
from app.database import begin_write
from app.extensions import db
from app.timeutil import utcnow

WARNING = timedelta(days=30)


def _ids(query):
    return db.session.scalars(query).all()


def warn_expiring(today):
    """Mail each candidate whose data goes in 30 days, once."""
    ids = _ids(select(CandidateProfile.id).where(
        CandidateProfile.retention_until <= today + WARNING,
        CandidateProfile.retention_until > today,
        CandidateProfile.purge_warned_at.is_(None),
        CandidateProfile.share_status.is_distinct_from("awaiting")))
    for profile_id in ids:
        begin_write()
        profile = db.session.get(CandidateProfile, profile_id)
        profile.purge_warned_at = utcnow()
        record("cv_purge_warning", obj=profile)
        db.session.commit()
        mail.send(profile.email, "cv_purge_warning", profile=profile)
    return len(ids)


def _erase(profile_id, action):
    """Erase one profile, with its account when it has one."""
    begin_write()
    profile = db.session.get(CandidateProfile, profile_id)
    record(action, obj=profile)
    names = erase_user(profile.user) if profile.user else [erase_profile(profile)]
    db.session.commit()
    for name in names:
        files.remove(name)


def erase_expired(today):
    """Erase candidates whose retention deadline passed."""
    ids = _ids(select(CandidateProfile.id).where(CandidateProfile.retention_until <= today))
    for profile_id in ids:
        _erase(profile_id, "cv_purged")
    return len(ids)


def drop_unconsented(now):
    """Delete shared CVs still without the candidate's consent after the delay."""
    limit = now - timedelta(days=current_app.config["CV_SHARE_CONSENT_DAYS"])
    ids = _ids(select(CandidateProfile.id).where(CandidateProfile.share_status == "awaiting",
                                                 CandidateProfile.created_at <= limit))
    for profile_id in ids:
        _erase(profile_id, "cv_share_expired")
    return len(ids)


def run():
    """Every step of the daily purge; returns {step: count}."""
    now = utcnow()
    today = now.date()
    counts = {"warned": warn_expiring(today), "erased": erase_expired(today),
              "unconsented": drop_unconsented(now),
              "applications": applications.purge_closed(now),
              "signups": signup.drop_expired(now), "attempts": throttle.forget_old(now)}
    return counts
