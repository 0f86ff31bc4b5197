"""The daily retention job: warn, then erase candidates without contact for two years.

Also deletes CVs a member shared that the candidate never consented to.
And applications three months after their vacancy closed (see applications), and
replacement pool profiles two years without a mission (app/replacements/privacy.py).
"""
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from app import mail
from app.audit.services import record
from app.auth import signup, throttle
from app.cv import applications
from app.cv.models import CandidateProfile
from app.cv.privacy import erase_files, erase_profile, erase_user
from app.extensions import db
from app.replacements import privacy as replacements
from app.timeutil import utcnow
from app.work import unit_of_work

WARNING = timedelta(days=30)


def _ids(query):
    return db.session.scalars(query).all()


def _locked_if_due(work, profile_id, due):
    """The profile, locked, if it still meets the `due` SQL criteria; else None."""
    return work.lock_one(select(CandidateProfile).where(CandidateProfile.id == profile_id, *due))


def warn_expiring(today):
    """Mail each candidate whose data goes in 30 days, once."""
    due = [CandidateProfile.retention_until <= today + WARNING,
           CandidateProfile.retention_until > today,
           CandidateProfile.purge_warned_at.is_(None),
           CandidateProfile.share_status.is_distinct_from("awaiting")]
    ids = _ids(select(CandidateProfile.id).where(*due))
    for profile_id in ids:
        with unit_of_work() as work:
            profile = _locked_if_due(work, profile_id, due)
            if profile is None:  # gone, warned or kept meanwhile
                continue
            profile.purge_warned_at = utcnow()
            record("cv_purge_warning", obj=profile)
            work.after_commit(mail.send, profile.email, "cv_purge_warning", profile=profile)
    return len(ids)


def _erase(profile_id, action, due):
    """Erase one profile, with its account when it has one, if it is still `due` (SQL
    criteria) under the lock: the candidate may have answered the warning meanwhile."""
    with unit_of_work() as work:
        profile = _locked_if_due(work, profile_id, due)
        if profile is None:
            return
        record(action, obj=profile)
        erase_files(work, erase_user(profile.user) if profile.user else [erase_profile(profile)])


def _erase_all(due, action):
    ids = _ids(select(CandidateProfile.id).where(*due))
    for profile_id in ids:
        _erase(profile_id, action, due)
    return len(ids)


def erase_expired(today):
    """Erase candidates whose retention deadline passed."""
    return _erase_all([CandidateProfile.retention_until <= today], "cv_purged")


def drop_unconsented(now):
    """Delete shared CVs still without the candidate's consent after the delay."""
    limit = now - timedelta(days=current_app.config["CV_SHARE_CONSENT_DAYS"])
    return _erase_all([CandidateProfile.share_status == "awaiting",
                       CandidateProfile.created_at <= limit], "cv_share_expired")


def run():
    """Every step of the daily purge; returns {step: count}."""
    now = utcnow()
    today = now.date()
    counts = {"warned": warn_expiring(today), "erased": erase_expired(today),
              "unconsented": drop_unconsented(now),
              "applications": applications.purge_closed(now),
              "signups": signup.drop_expired(now), "attempts": throttle.forget_old(now),
              "pool_profiles": replacements.purge_idle(now)}
    return counts
