"""A member's missions: posting one, cancelling it, confirming the hours done or a
no-show, and the establishment's alert policy.

Each service takes the actor, opens the unit of work, locks, re-checks the right
under the lock, moves through the lifecycles and audits; alerting starts only
once the mission is committed (app/replacements/alerts.py).
"""
import re

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import select

from app import communes
from app.audit.services import record
from app.errors import DomainError, InvalidTransition
from app.extensions import db
from app.permissions import can_manage_mission, can_post_mission, check_allowed
from app.referentials import CREDENTIALS, DIPLOMAS, OCCUPATIONS
from app.replacements import alerts, booking
from app.replacements.lifecycle import ASSIGNMENT, MISSION
from app.replacements.mission_forms import schedule_problem, shift_problem
from app.replacements.models import (CREDENTIAL_RULES, AlertPolicy, Assignment, Mission,
                                     MissionCredential, MissionDiploma, MissionShift)
from app.work import unit_of_work

NOT_ACTIVE = _l("Votre établissement n'est pas (ou plus) membre actif : il ne gère pas de "
               "mission de remplacement.")


class InvalidMission(DomainError):
    """A refused mission; `field` names the form field it concerns."""

    def __init__(self, message=None, field=None):
        super().__init__(message)
        self.field = field


def post(actor, data):
    """An active member posts a mission; its first wave of alerts leaves after the commit.

    `data`: occupation, site, commune (a name, a postcode or an INSEE code), note, mode,
    reach, diplomas, credentials (beyond the occupation's), withdraw_hours and shifts, (starts_at, ends_at, break_minutes) in UTC.
    """
    shifts = sorted(data["shifts"])
    _check(data, shifts)
    place = locate(data["commune"])
    with unit_of_work() as work:
        check_allowed(can_post_mission(actor), NOT_ACTIVE)
        mission = Mission(
            establishment_id=actor.establishment_id, author_id=actor.id,
            occupation=data["occupation"], site=data.get("site", ""), note=data.get("note", ""),
            mode=data["mode"], reach=data["reach"], withdraw_hours=data["withdraw_hours"],
            insee=place.insee, commune=place.name, latitude=place.latitude,
            longitude=place.longitude, starts_at=shifts[0][0],
            ends_at=max(end for _start, end, _break in shifts), fill_by=shifts[0][0],
            shifts=[MissionShift(starts_at=start, ends_at=end, break_minutes=pause)
                    for start, end, pause in shifts],
            diplomas=[MissionDiploma(diploma=code) for code in data.get("diplomas", ())],
            credentials=[MissionCredential(type=code) for code in data.get("credentials", ())])
        db.session.add(mission)
        db.session.flush()
        record("mission_post", actor=actor, obj=mission, mode=mission.mode, reach=mission.reach)
        work.after_commit(alerts.start, mission.id)
    return mission


def _check(data, shifts):
    """The rules of the form, again: a service never writes what a page would refuse."""
    if data.get("occupation") not in OCCUPATIONS:
        raise InvalidMission(_("Métier inconnu : choisissez dans la liste."), field="occupation")
    if set(data.get("diplomas", ())) - set(DIPLOMAS):
        raise InvalidMission(_("Diplôme inconnu : choisissez dans la liste."), field="diplomas")
    if set(data.get("credentials", ())) - set(CREDENTIALS):
        raise InvalidMission(_("Attestation inconnue : choisissez dans la liste."),
                             field="credentials")
    problem = schedule_problem(shifts) or next(
        (found for found in (shift_problem(*shift) for shift in shifts) if found), None)
    if problem:
        raise InvalidMission(str(problem), field="shifts")


def locate(text):
    """The commune a member typed: « Flers (61100) » (as the form shows it), a name, a
    postcode or an INSEE code; InvalidMission at the field when none or several match."""
    text = (text or "").strip()
    labelled = re.fullmatch(r"(.+?)\s*\((\w{5})\)", text)
    if labelled:
        name, code = labelled.groups()
        found = {place for place in [communes.find(code), *communes.search(code, limit=50)]
                 if place is not None and communes.fold(place.name) == communes.fold(name)}
        if len(found) == 1:
            return found.pop()
    matches = communes.search(text, limit=10)
    exact = [place for place in matches if communes.fold(place.name) == communes.fold(text)]
    if len(exact) == 1 or len(matches) == 1:
        return (exact or matches)[0]
    if not matches and communes.find(text) is not None:
        return communes.find(text)
    if not matches:
        raise InvalidMission(_("Commune inconnue : vérifiez son nom ou son code postal."),
                             field="commune")
    labels = ", ".join(place.label for place in (exact or matches)[:5])
    raise InvalidMission(_("Plusieurs communes correspondent : recopiez l'une d'elles, "
                           "par exemple %(labels)s.", labels=labels), field="commune")


def cancel(actor, mission_id, reason):
    """The posting establishment cancels an open or filled mission, with a reason; every
    person on it is told (booking.cancel_assignments), and so is everyone alerted who had
    not answered yet (alerts.tell_unanswered_cancelled)."""
    with unit_of_work() as work:
        mission = _lock_managed(work, actor, mission_id)
        MISSION.apply(mission, "cancel", actor, reason=reason)
        ended = booking.cancel_assignments(work, mission, reason)
        alerts.tell_unanswered_cancelled(work, mission, reason,
                                         told={row.profile_id for row in ended})
        record("mission_cancel", actor=actor, obj=mission, reason=reason)
    return mission


def confirm(actor, assignment_id, minutes_done):
    """The member confirms the minutes a booked person worked, once the mission began."""
    return _settle(actor, assignment_id, "complete", minutes_done)


def no_show(actor, assignment_id):
    """The member records that the booked person did not come."""
    return _settle(actor, assignment_id, "no_show", None)


def _settle(actor, assignment_id, action, minutes):
    with unit_of_work() as work:
        mission_id = db.session.scalar(
            select(Assignment.mission_id).where(Assignment.id == assignment_id))
        mission = _lock_managed(work, actor, mission_id)
        assignment = work.lock(Assignment, assignment_id, mission_id=mission.id)
        ASSIGNMENT.apply(assignment, action, actor, minutes=minutes)
        if action == "complete" and assignment.profile is not None:
            assignment.profile.last_mission_at = mission.ends_at
        if mission.status == "filled" and not any(
                other.status == "booked" for other in mission.assignments):
            MISSION.apply(mission, "complete", actor)
        record(f"assignment_{action}", actor=actor, obj=assignment, minutes=minutes)
    return assignment


def _lock_managed(work, actor, mission_id):
    """The mission, locked, if the actor's establishment still manages it."""
    mission = work.lock(Mission, mission_id) if mission_id is not None else None
    if mission is None:
        raise InvalidTransition(_("Cette mission n'existe plus."))
    check_allowed(can_manage_mission(actor, mission), NOT_ACTIVE)
    return mission


def policy_of(establishment_id):
    """The establishment's alert policy, or the defaults when it never set one."""
    return db.session.get(AlertPolicy, establishment_id) or AlertPolicy(
        establishment_id=establishment_id, reach="network_then_pool", wave_delay_minutes=20,
        wave_size=20, credential_rule="block")


def save_policy(actor, data):
    """An active member sets how its establishment alerts the pool."""
    data = {"credential_rule": "block", **data}
    if data["credential_rule"] not in CREDENTIAL_RULES:
        raise InvalidMission(_("Choix inconnu : choisissez dans la liste."),
                             field="credential_rule")
    with unit_of_work() as work:
        check_allowed(can_post_mission(actor), NOT_ACTIVE)
        policy = work.lock(AlertPolicy, actor.establishment_id)
        if policy is None:
            policy = AlertPolicy(establishment_id=actor.establishment_id)
            db.session.add(policy)
        for name in ("reach", "wave_delay_minutes", "wave_size", "credential_rule"):
            setattr(policy, name, data[name])
        record("alert_policy_save", actor=actor, **data)
    return policy
