"""Taking a mission: accept ("premier qui accepte"), apply and pick ("je valide"),
withdraw, and the assignments a cancelled mission ends.

Every service locks the mission, then the person's profile (always in that
order: no deadlock), re-checks the actor's right and the eligibility rules
under those locks, then moves through the lifecycles. The mission's lock makes
the first acceptance the only one; the profile's lock makes two members who
book the same person at the same instant, for missions whose hours overlap,
take turns: the second one re-counts the person's hours with the first booking
in them and is refused (app/replacements/eligibility.refusals).
"""
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import lazyload
from sqlalchemy.orm.attributes import set_committed_value

from app import mail
from app.audit.services import record
from app.errors import InvalidTransition
from app.extensions import db
from app.permissions import can_manage_mission, can_take_missions, check_allowed
from app.replacements import alerts, eligibility
from app.replacements.lifecycle import ASSIGNMENT, MISSION
from app.replacements.models import Assignment, Mission, MissionAlert, ReplacementProfile
from app.timeutil import utcnow
from app.work import unit_of_work


def accept(actor, mission_id):
    """The professional takes a "premier qui accepte" mission: the first one wins."""
    with unit_of_work() as work:
        mission, profile = _lock_for_person(work, actor, mission_id)
        _expect_mode(mission, "first")
        assignment = _answer(mission, profile, "accepted")
        ASSIGNMENT.apply(assignment, "book", actor)
        _fill(mission, actor, assignment)
        record("mission_accept", actor=actor, obj=mission, assignment=assignment.id)
        _tell_booked(work, mission, profile)
    return assignment


def apply(actor, mission_id):
    """The professional applies to a "je valide" mission; the member picks later."""
    with unit_of_work() as work:
        mission, profile = _lock_for_person(work, actor, mission_id)
        _expect_mode(mission, "validate")
        assignment = _answer(mission, profile, "applied")
        record("mission_apply", actor=actor, obj=mission, assignment=assignment.id)
        if mission.author is not None:
            work.after_commit(mail.send, mission.author.email, "mission_applied_member",
                              mission=mission, profile=profile)
    return assignment


def pick(actor, assignment_id):
    """The member books one applicant of a "je valide" mission; the others are declined."""
    mission_id = db.session.scalar(select(Assignment.mission_id)
                                   .where(Assignment.id == assignment_id))
    with unit_of_work() as work:
        mission = _mission(work, mission_id)
        check_allowed(can_manage_mission(actor, mission))
        assignment = _lock(work, Assignment, assignment_id, mission_id=mission.id)
        profile = assignment and _lock_profile(work, assignment.profile_id)
        if profile is None:
            raise InvalidTransition(_("Cette candidature n'existe plus."))
        _open(mission)
        _refuse_if_ineligible(mission, profile)
        ASSIGNMENT.apply(assignment, "book", actor)
        declined = _decline_others(mission, assignment, actor)
        _fill(mission, actor, assignment)
        record("mission_pick", actor=actor, obj=mission, assignment=assignment.id)
        _tell_booked(work, mission, profile)
        for other in declined:
            work.after_commit(mail.send, other.profile.user.email, "mission_declined",
                              mission=mission)
    return assignment


def withdraw(actor, assignment_id, reason):
    """The person withdraws, until `withdraw_hours` before the start; a booked
    withdrawal re-opens the mission, which is alerted again after the commit."""
    mission_id = db.session.scalar(select(Assignment.mission_id)
                                   .where(Assignment.id == assignment_id))
    with unit_of_work() as work:
        mission = _mission(work, mission_id)
        assignment = _lock(work, Assignment, assignment_id, mission_id=mission.id)
        profile = getattr(actor, "replacement_profile", None)
        check_allowed(assignment is not None and profile is not None
                      and assignment.profile_id == profile.id)
        if utcnow() > withdraw_deadline(mission):
            raise InvalidTransition(_("Il est trop tard pour vous désister en ligne : "
                                      "appelez l'établissement."))
        was_booked = _release(work, mission, assignment, actor, reason)
        record("assignment_withdraw", actor=actor, obj=assignment, mission=mission.id)
        if was_booked and mission.author is not None:
            work.after_commit(mail.send, mission.author.email, "mission_withdrawn_member",
                              mission=mission, profile=profile, reason=assignment.reason)
    return assignment


def withdraw_unqualified(work, mission, assignment, reason):
    """The platform withdraws a person who no longer qualifies (a credential expired
    where the establishment blocks: app/replacements/expiry.py), inside the caller's unit
    of work with the mission then the assignment locked; True when it was booked."""
    was_booked = _release(work, mission, assignment, None, reason)
    record("assignment_withdraw", actor=None, obj=assignment, mission=mission.id,
           reason=reason)
    return was_booked


def _release(work, mission, assignment, actor, reason):
    """Withdraw `assignment`; a booked one re-opens the filled mission, alerted again
    after the commit. True when it was booked."""
    was_booked = assignment.status == "booked"
    ASSIGNMENT.apply(assignment, "withdraw", actor)
    assignment.reason, assignment.decided_at = (reason or "").strip() or None, utcnow()
    if was_booked and mission.status == "filled":
        MISSION.apply(mission, "reopen", actor)
        mission.filled_at = None
        work.after_commit(_restart_alerts, mission.id)
    return was_booked


def cancel_assignments(work, mission, reason):
    """End the waiting and booked assignments of a mission being cancelled (missions.cancel,
    inside its unit of work, the mission locked); each person is told after the commit."""
    ended = work.lock_all(select(Assignment).where(
        Assignment.mission_id == mission.id,
        Assignment.status.in_(ASSIGNMENT.transitions["cancel"].sources))
        .order_by(Assignment.id))
    for assignment in ended:
        ASSIGNMENT.apply(assignment, "cancel")
        assignment.reason, assignment.decided_at = reason, utcnow()
        if assignment.profile is not None:
            work.after_commit(mail.send, assignment.profile.user.email,
                              "mission_cancelled_professional", mission=mission, reason=reason)
    return ended


def withdraw_deadline(mission):
    """Until when the person may withdraw online (then: call the establishment)."""
    return mission.starts_at - timedelta(hours=mission.withdraw_hours)


# Under the locks.

def _lock_for_person(work, actor, mission_id):
    """The mission, then the actor's profile, locked; the right and the rules re-checked."""
    mission = _mission(work, mission_id)
    profile = _lock_profile_of(work, actor)
    check_allowed(profile is not None and can_take_missions(actor))
    if not mission.concerns(profile):  # not alerted to it: as if it did not exist
        raise InvalidTransition(_("Cette mission n'existe plus."))
    _open(mission)
    _refuse_if_ineligible(mission, profile)
    return mission, profile


def lock_mission(work, mission_id):
    """The mission, locked (None when gone): for missions.cancel too, since
    work.lock(Mission, …) fails on PostgreSQL (see _lock)."""
    return _lock(work, Mission, mission_id)


def _mission(work, mission_id):
    mission = lock_mission(work, mission_id) if mission_id is not None else None
    if mission is None:
        raise InvalidTransition(_("Cette mission n'existe plus."))
    return mission


def _lock_profile(work, profile_id):
    return _lock(work, ReplacementProfile, profile_id) if profile_id is not None else None


def _lock_profile_of(work, user):
    """The user's pool profile, locked, and set on `user` as it is: reading
    user.replacement_profile would load it again with its user and four lists,
    a second or so in a fresh process, all of it while holding the write lock."""
    profile = work.lock_one(select(ReplacementProfile).filter_by(user_id=user.id)
                            .options(lazyload("*")))
    set_committed_value(user, "replacement_profile", profile)
    return profile


def _lock(work, model, ident, **where):
    """work.lock without the joined relationships (the mission's establishment, the
    profile's user): PostgreSQL cannot lock the outer side of a join; they load later."""
    return work.lock_one(select(model).filter_by(id=ident, **where).options(lazyload("*")))


def _open(mission):
    if mission.status == "filled":
        raise InvalidTransition(_("Mission déjà pourvue."))
    if not mission.is_open:
        raise InvalidTransition(str(MISSION.wrong_state)
                                % {"status": MISSION.label(mission.status)})


def _expect_mode(mission, mode):
    if mission.mode != mode:
        raise InvalidTransition(_("Cette mission ne se prend pas ainsi."))


def _refuse_if_ineligible(mission, profile):
    codes = eligibility.refusals(mission, profile)
    if codes:
        raise InvalidTransition(_("Vous ne pouvez pas prendre cette mission. Motif : "
                                  "%(reason)s.", reason=eligibility.REASONS[codes[0]]))


def _answer(mission, profile, answer):
    """The person's assignment on the mission ("applied"), their alert answered."""
    if db.session.scalar(select(Assignment.id).where(Assignment.mission_id == mission.id,
                                                     Assignment.profile_id == profile.id)):
        raise InvalidTransition(_("Vous avez déjà répondu à cette mission."))
    assignment = Assignment(mission=mission, profile=profile, status="applied")
    db.session.add(assignment)
    alert = db.session.scalar(select(MissionAlert).where(MissionAlert.mission_id == mission.id,
                                                         MissionAlert.profile_id == profile.id))
    if alert is not None and alert.answer is None:
        alert.answer, alert.answered_at = answer, utcnow()
    db.session.flush()
    return assignment


def _fill(mission, actor, assignment):
    assignment.decided_at = utcnow()
    MISSION.apply(mission, "fill", actor)
    mission.filled_at = utcnow()


def _decline_others(mission, booked, actor):
    others = [a for a in mission.assignments if a.id != booked.id and a.status == "applied"]
    for other in others:
        ASSIGNMENT.apply(other, "decline", actor)
        other.decided_at = utcnow()
    return [other for other in others if other.profile is not None]


def _tell_booked(work, mission, profile):
    work.after_commit(mail.send, profile.user.email, "mission_booked_professional",
                      mission=mission)
    if mission.author is not None:
        work.after_commit(mail.send, mission.author.email, "mission_booked_member",
                          mission=mission, profile=profile)


def _restart_alerts(mission_id):
    alerts.restart(mission_id)
