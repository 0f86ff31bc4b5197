"""Credentials that lapse, seen from the replacement pool (issue 18): the daily task.

90 and 30 days before a credential's expiry its holder is warned, and so is the author
of each coming mission the person holds or applied to that requires it (once each:
CredentialNotice). The day after it lapsed, where the mission's establishment blocks
(eligibility.blocks), the person's coming assignments that no longer qualify are
withdrawn through the assignment lifecycle (booking.withdraw_unqualified; a booked one
re-opens the mission and alerts again), and the person and the members are told.
Alerts not answered need nothing: taking the mission re-checks the rule under the lock.
"""
from datetime import time, timedelta

from flask_babel import gettext as _
from huey import crontab
from sqlalchemy import exists, select

from app import tasks, timeutil  # the module's clock: a test moves timeutil.utcnow
from app.credentials.models import Credential
from app.extensions import db
from app.notifications.policy import notify
from app.referentials import CREDENTIALS
from app.replacements import booking, eligibility
from app.replacements.models import (Assignment, CredentialNotice, Mission,
                                     ReplacementProfile)
from app.timeutil import to_utc
from app.work import unit_of_work

# The steps, each a window of days left: first seen 20 days before, only "d30" is sent.
WARNINGS = (("d30", 0, 30), ("d90", 31, 90))
TAKEN = ("applied", "booked")  # the assignments a lapse may concern


def run(today=None):
    """The day's warnings, then the withdrawals; returns (warned, withdrawn) counts."""
    today = today or timeutil.local_today()
    return warn_expiring(today), withdraw_expired(today)


def warn_expiring(today):
    """Warn each holder whose credential lapses within 90 (or 30) days, once per step,
    and the members whose coming missions with them it concerns."""
    sent = 0
    for credential, kind in _due(today):
        with unit_of_work() as work:
            if db.session.get(CredentialNotice, (credential.id, credential.expires_on, kind)):
                continue  # another run got there first
            db.session.add(CredentialNotice(credential_id=credential.id,
                                            expires_on=credential.expires_on, kind=kind))
            affected = affected_missions(credential)
            days = (credential.expires_on - today).days
            work.after_commit(notify, credential.holder.email, "credential_expiring",
                              credential=credential, days=days, missions=affected)
            for author, missions in _by_author(affected):
                work.after_commit(notify, author.email, "credential_expiring_member",
                                  credential=credential, holder=credential.holder,
                                  days=days, missions=missions)
        sent += 1
    return sent


def withdraw_expired(today):
    """Withdraw, where the establishment blocks, the coming assignments of people whose
    credential lapsed; each expiry handled once. Returns how many were withdrawn."""
    expired = db.session.scalars(select(Credential).where(
        Credential.expires_on < today, ~_noticed(Credential, "expired"))
        .order_by(Credential.id)).all()
    withdrawn = 0
    for credential in expired:
        ended = [mission for mission in affected_missions(credential, since=today)
                 if _withdraw(credential, mission)]
        withdrawn += len(ended)
        with unit_of_work() as work:
            if db.session.get(CredentialNotice,
                              (credential.id, credential.expires_on, "expired")):
                continue
            db.session.add(CredentialNotice(credential_id=credential.id,
                                            expires_on=credential.expires_on, kind="expired"))
            work.after_commit(notify, credential.holder.email, "credential_expired",
                              credential=credential, missions=ended)
    return withdrawn


def affected_missions(credential, since=None):
    """The coming active missions the holder applied to or holds that require this
    credential's type and end after it lapses (from `since` when given)."""
    after = (timeutil.utcnow() if since is not None
             else to_utc(credential.expires_on + timedelta(days=1), time()))
    missions = db.session.scalars(
        select(Mission).join(Assignment, Assignment.mission_id == Mission.id)
        .join(ReplacementProfile, ReplacementProfile.id == Assignment.profile_id)
        .where(ReplacementProfile.user_id == credential.holder_id,
               Assignment.status.in_(TAKEN), Mission.is_active, Mission.ends_at > after)
        .order_by(Mission.starts_at)).unique().all()
    return [mission for mission in missions if credential.type in mission.credential_codes]


def _withdraw(credential, mission):
    """Withdraw the holder from `mission` if it still does not qualify, under the locks."""
    reason = _("Attestation expirée : %(credential)s.", credential=CREDENTIALS[credential.type])
    with unit_of_work() as work:
        mission = booking.lock_mission(work, mission.id)
        assignment = mission and work.lock_one(select(Assignment).join(ReplacementProfile).where(
            Assignment.mission_id == mission.id, Assignment.status.in_(TAKEN),
            ReplacementProfile.user_id == credential.holder_id))
        if assignment is None or mission.starts_at <= timeutil.utcnow():
            return False
        if "credential" not in eligibility.refusals(mission, assignment.profile):
            return False  # renewed meanwhile, or the establishment only warns
        booking.withdraw_unqualified(work, mission, assignment, reason)
        if mission.author is not None:
            work.after_commit(notify, mission.author.email, "credential_withdrawn_member",
                              mission=mission, holder=credential.holder, reason=reason)
    return True


def _due(today):
    """(credential, step) to warn today: within the step's window, not yet warned at it."""
    found = []
    for kind, first, last in WARNINGS:
        rows = db.session.scalars(select(Credential).where(
            Credential.expires_on >= today + timedelta(days=first),
            Credential.expires_on <= today + timedelta(days=last),
            ~_noticed(Credential, kind)).order_by(Credential.id)).all()
        found += [(row, kind) for row in rows]
    return found


def _noticed(credential, kind):
    return exists().where(CredentialNotice.credential_id == credential.id,
                          CredentialNotice.expires_on == credential.expires_on,
                          CredentialNotice.kind == kind)


def _by_author(missions):
    grouped = {}
    for mission in missions:
        if mission.author is not None:
            grouped.setdefault(mission.author.id, (mission.author, []))[1].append(mission)
    return list(grouped.values())


@tasks.periodic(crontab(hour=7, minute=10), name="replacements_credential_expiry")
def expiry_task():
    run()
