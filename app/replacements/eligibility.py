"""Who may take a mission: every rule in one place, counted across every establishment.

Three queries whatever the size of the pool, never one per person:
1. the pool's profiles with the occupation, the diplomas, within reach (radius
   around home, or a commune they listed), with their network, ceiling and quota;
2. their availability on the days and slots of the mission's shifts;
3. the shifts they already hold anywhere on the platform around the mission.
The working-time rules are then counted on those shifts (app/replacements/hours.py).

Credentials (the wallet, app/credentials/): the mission requires its occupation's and
those the member added (Mission.credential_codes). Missing one always refuses; an
expired or unverified one refuses only where the establishment "blocks"
(AlertPolicy.credential_rule); where it "warns", the person stays eligible and the
member sees the warning (`credential_warnings`). A credential is judged by its state
today (app/credentials/lifecycle.state_of), as the wallet shows it: the daily task
(app/replacements/expiry.py) withdraws what stops qualifying at expiry.

Each rule of query 1 is a condition on the profile's id, `id IN (one uncorrelated
select)` (_among): the database reads each list once through its index (a hashed
subplan on PostgreSQL, a materialised list on SQLite), not once per person; for
refusals() (one person, under the lock) each list is narrowed to that person.
The same expression filters in eligible() and is a column in refusals() and
reasons().

`eligible()` alerts from it, `refusals()` re-checks one person under the lock at
acceptance, `reasons()` says why nobody could be alerted (counted, never named).

Distance: an equirectangular approximation in SQL (no trigonometric function
on either database): a degree of latitude is KM_PER_DEGREE, a degree of
longitude that times cos(the mission's latitude), passed as a number. Within
the 200 km of a radius the error is well under 1 %. Compared squared: no sqrt.
"""
import math
from datetime import time, timedelta
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, false, func, literal, or_, select, true

from app.credentials.models import Credential
from app.extensions import db
from app.referentials import CREDENTIALS
from app.replacements import hours
from app.replacements.models import (SLOTS, AlertPolicy, Assignment, Availability, Mission,
                                     MissionAlert, MissionShift, PersonQuota, ProfileCommune,
                                     ProfileDiploma, ProfileEmployer, ProfileOccupation,
                                     ReplacementProfile)
from app.timeutil import local, local_today, to_utc

KM_PER_DEGREE = 6371.0088 * math.pi / 180
# In the order a person is counted by reasons(): the first rule they break.
REASONS = {
    "occupation": _l("N'exerce pas ce métier"),
    "diploma": _l("N'a pas les diplômes demandés"),
    "credential": _l("N'a pas les attestations demandées (ou expirées, ou non vérifiées)"),
    "distance": _l("Trop loin du lieu de la mission"),
    "unavailable": _l("Pas disponible sur ces horaires"),
    "overlap": _l("Déjà en mission sur ces horaires"),
    "rest": _l("Moins de 11 heures de repos entre deux services"),
    "day_hours": _l("Plus de 12 heures de travail sur 24 heures"),
    "week_hours": _l("Plus de 48 heures sur 7 jours"),
    "ceiling": _l("Au-delà de son plafond d'heures par semaine"),
    "quota": _l("Au-delà du quota d'heures mensuel fixé par l'établissement"),
    "already_alerted": _l("Déjà alerté(e) pour cette mission"),
}
RANK = {"available": 0, "last_resort": 1}  # any other level, or nothing said: unavailable
TAKING = ("available", "last_resort")  # who may still take a mission they were alerted to


class Candidate(NamedTuple):
    profile_id: int
    level: str
    distance_km: float
    network: bool  # worked there, or declared it as an employer
    week_minutes: int  # held in the calendar week of the mission's first shift


def eligible(mission, *, network_only=False, levels=("available",), exclude_alerted=True,
             limit=None):
    """The people who may be alerted for `mission`: network first, then nearest."""
    P = ReplacementProfile
    query = _profiles(mission).where(_diplomas_ok(mission), _credentials_ok(mission),
                                     _near(mission))
    if network_only:
        query = query.where(_network(mission))
    if exclude_alerted:
        query = query.where(~_alerted(mission))
    rows = db.session.execute(query.where(P.is_alerted)).all()
    found = [c for c, codes in _assess(mission, rows, levels) if not codes]
    found.sort(key=lambda c: (not c.network, RANK.get(c.level, 2), c.distance_km,
                              c.profile_id))
    return found[:limit] if limit is not None else found


def refusals(mission, profile, *, levels=TAKING):
    """The rules `profile` breaks by taking `mission` (codes of REASONS; empty: eligible)."""
    P = ReplacementProfile
    one = profile.id
    query = _profiles(mission, occupation=False, one=one).where(P.id == one).add_columns(
        _occupation_ok(mission, one), _diplomas_ok(mission, one), _credentials_ok(mission),
        _near(mission, one))
    row = db.session.execute(query).one()
    codes = [code for code, ok in zip(("occupation", "diploma", "credential", "distance"),
                                      row[-4:]) if not ok]
    ((candidate, time_codes),) = _assess(mission, [row])
    if candidate.level not in levels:
        codes.append("unavailable")
    return codes + time_codes


def reasons(mission):
    """Why the pool's checked people of the occupation could not be alerted: {code: count},
    each person counted once, under the first rule they break (REASONS' order)."""
    P = ReplacementProfile
    query = _profiles(mission).where(P.is_alerted).add_columns(
        _diplomas_ok(mission), _credentials_ok(mission), _near(mission), _alerted(mission))
    rows = db.session.execute(query).all()
    counts, passing = {}, []
    for row in rows:  # the first rule broken wins: hours are counted only when it is theirs
        found = zip(("diploma", "credential", "distance"), row[-4:-1])
        code = next((code for code, ok in found if not ok), None)
        if code:
            counts[code] = counts.get(code, 0) + 1
        else:
            passing.append(row)
    alerted = {row[0] for row in passing if row[-1]}
    assessed = _assess(mission, passing, TAKING)
    if len(passing) > len(assessed):
        counts["unavailable"] = len(passing) - len(assessed)
    for candidate, time_codes in assessed:
        codes = time_codes + (["already_alerted"] if candidate.profile_id in alerted else [])
        if codes:
            counts[codes[0]] = counts.get(codes[0], 0) + 1
    return counts


def would_qualify(mission):
    """{credential type: how many people} who would be eligible if they held that one
    credential, in force: they break no other rule (the hint of a mission left unfilled
    for lack of it; a hint naming the next training session that grants it can call
    this). Three queries per required credential, never one per person."""
    P = ReplacementProfile
    codes, found = mission.credential_codes, {}
    for code in sorted(codes):
        query = _profiles(mission).where(
            P.is_alerted, _diplomas_ok(mission), _near(mission),
            _credentials_ok(mission, codes=codes - {code}),
            ~_credentials_ok(mission, codes={code}))
        rows = db.session.execute(query).all()
        count = sum(1 for _candidate, time_codes in _assess(mission, rows, TAKING)
                    if not time_codes)
        if count:
            found[code] = count
    return found


# The SQL of the rules.

def _among(ids, column, one=None):
    """`profile id IN (ids)`: the select `ids` (of `column`) read once for the whole pool,
    or only for the person `one` (an id) when one is given."""
    if one is not None:
        ids = ids.where(column == one)
    return ReplacementProfile.id.in_(ids)


def _profiles(mission, occupation=True, one=None):
    """Query 1: id, squared distance, network, ceiling, quota of the pool's profiles
    (`one`: of that person only)."""
    P = ReplacementProfile
    query = select(P.id, _squared_km(mission), _network(mission, one), P.weekly_ceiling_hours,
                   PersonQuota.monthly_hours).select_from(P).outerjoin(PersonQuota, and_(
                       PersonQuota.profile_id == P.id,
                       PersonQuota.establishment_id == mission.establishment_id))
    if occupation:  # through the occupation's index
        query = query.where(_occupation_ok(mission))
    return query


def _squared_km(mission):
    P = ReplacementProfile
    x_km = KM_PER_DEGREE * math.cos(math.radians(mission.latitude))
    dx = (P.longitude - literal(mission.longitude)) * literal(x_km)
    dy = (P.latitude - literal(mission.latitude)) * literal(KM_PER_DEGREE)
    return dx * dx + dy * dy


def _near(mission, one=None):
    P = ReplacementProfile
    listed = _among(select(ProfileCommune.profile_id).where(
        ProfileCommune.insee == mission.insee), ProfileCommune.profile_id, one)
    return or_(_squared_km(mission) <= P.radius_km * P.radius_km, listed)


def _occupation_ok(mission, one=None):
    return _among(select(ProfileOccupation.profile_id).where(
        ProfileOccupation.occupation == mission.occupation), ProfileOccupation.profile_id, one)


def _diplomas_ok(mission, one=None):
    codes = sorted(mission.diploma_codes)
    if not codes:
        return true()
    return _among(select(ProfileDiploma.profile_id).where(ProfileDiploma.diploma.in_(codes))
                  .group_by(ProfileDiploma.profile_id).having(func.count() == len(codes)),
                  ProfileDiploma.profile_id, one)


def blocks(mission):
    """Whether the mission's establishment refuses an expired or unverified credential
    (its alert policy; "block" when it never set one)."""
    rule = db.session.scalar(select(AlertPolicy.credential_rule).where(
        AlertPolicy.establishment_id == mission.establishment_id))
    return rule != "warn"


def _credentials_ok(mission, strict=None, codes=None):
    """Every credential required held by the profile's person: verified and unexpired
    today when `strict` (default: where the establishment blocks), else held at all."""
    codes = sorted(mission.credential_codes if codes is None else codes)
    if not codes:
        return true()
    C = Credential
    where = [C.type.in_(codes)]
    if blocks(mission) if strict is None else strict:
        where += [C.verified_at.is_not(None),
                  or_(C.expires_on.is_(None), C.expires_on >= local_today())]
    holders = (select(C.holder_id).where(*where).group_by(C.holder_id)
               .having(func.count(func.distinct(C.type)) == len(codes)))
    return ReplacementProfile.user_id.in_(holders)


def credential_warnings(mission, profile_ids):
    """{profile id: [labels]} of the required credentials those people hold only expired
    or unverified: what the member of a "warn" establishment sees by each applicant."""
    codes = sorted(mission.credential_codes)
    if not codes or not profile_ids:
        return {}
    C, P = Credential, ReplacementProfile
    rows = db.session.execute(
        select(P.id, C.type, C.verified_at, C.expires_on)
        .join(C, C.holder_id == P.user_id)
        .where(P.id.in_(profile_ids), C.type.in_(codes))).all()
    today, good = local_today(), set()
    for profile_id, kind, verified_at, expires_on in rows:
        if verified_at is not None and (expires_on is None or expires_on >= today):
            good.add((profile_id, kind))
    found = {}
    for profile_id, kind, _verified, _expires in rows:
        if (profile_id, kind) not in good:
            labels = found.setdefault(profile_id, [])
            if CREDENTIALS[kind] not in labels:
                labels.append(CREDENTIALS[kind])
    return found


def _network(mission, one=None):
    declared = _among(select(ProfileEmployer.profile_id).where(
        ProfileEmployer.establishment_id == mission.establishment_id),
        ProfileEmployer.profile_id, one)
    worked = _among(  # through the missions of the establishment, not each person's
        select(Assignment.profile_id).join(Mission, Mission.id == Assignment.mission_id)
        .where(Mission.establishment_id == mission.establishment_id,
               Assignment.status == "done"), Assignment.profile_id, one)
    return or_(declared, worked)


def _alerted(mission):
    if mission.id is None:
        return false()
    P = ReplacementProfile
    alerted = P.id.in_(select(MissionAlert.profile_id).where(
        MissionAlert.mission_id == mission.id))
    assigned = P.id.in_(select(Assignment.profile_id).where(
        Assignment.mission_id == mission.id))
    return or_(alerted, assigned)


def _availability(mission, ids):
    """Query 2: {profile id: {(day, slot): level}} on the days of the mission's shifts."""
    wanted = {pair for options in _slot_options(mission) for option in options
              for pair in option}
    if not ids or not wanted:
        return {}
    rows = db.session.execute(select(
        Availability.profile_id, Availability.day, Availability.slot, Availability.level)
        .where(Availability.profile_id.in_(ids),
               Availability.day.in_(sorted({day for day, _slot in wanted})),
               Availability.slot.in_(sorted({slot for _day, slot in wanted}))))
    found = {}
    for profile_id, day, slot, level in rows:
        found.setdefault(profile_id, {})[(day, slot)] = level
    return found


def _held(mission, ids, quotas=False):
    """Query 3: {profile id: [Shift]} held anywhere, within reach of the mission's rules
    (`quotas`: and over the whole months of the mission, for the monthly quotas)."""
    if not ids:
        return {}
    start, end = _reach(mission, quotas)
    rows = db.session.execute(select(
        Assignment.profile_id, MissionShift.starts_at, MissionShift.ends_at,
        MissionShift.break_minutes, Mission.establishment_id)
        .join(Mission, Mission.id == Assignment.mission_id)
        .join(MissionShift, MissionShift.mission_id == Mission.id)
        .where(Assignment.profile_id.in_(ids), Assignment.holds,
               Mission.id != (mission.id or 0),
               Mission.starts_at < end, Mission.ends_at > start,
               MissionShift.starts_at < end, MissionShift.ends_at > start))
    found = {}
    for profile_id, *shift in rows:
        found.setdefault(profile_id, []).append(hours.Shift(*shift))
    return found


# Counting the rules on what the queries found.

def _assess(mission, rows, levels=None):
    """[(Candidate, working-time codes)] for rows of _profiles(); only the rows at one of
    `levels` when given (the hours of the others are not even read)."""
    calendars = _availability(mission, [row[0] for row in rows])
    options = _slot_options(mission)
    rated = [(row, _level(options, calendars.get(row[0], {}))) for row in rows]
    if levels is not None:
        rated = [(row, level) for row, level in rated if level in levels]
    held = _held(mission, [row[0] for row, _level in rated],
                 quotas=any(row[4] for row, _level in rated))
    shifts = _shifts(mission)
    week_start, week_end = _calendar_week(mission)
    assessed = []
    for (profile_id, squared, network, ceiling, quota, *_rest), level in rated:
        mine = held.get(profile_id, [])
        here = [s for s in mine if s.establishment_id == mission.establishment_id]
        codes = hours.time_refusals(shifts, mine, ceiling,
                                    (quota, _month, here) if quota else None)
        week = sum(hours.worked_between(s, week_start, week_end) for s in mine)
        assessed.append((Candidate(profile_id, level, round(math.sqrt(squared), 1),
                                   bool(network), int(week)),
                         codes))
    return assessed


def _shifts(mission):
    return [hours.Shift(s.starts_at, s.ends_at, s.break_minutes, mission.establishment_id)
            for s in mission.shifts]


def _level(shift_options, calendar):
    """The person's level for the whole mission (`shift_options`: _slot_options()): the
    worst of its shifts, each shift taking the best of the ways its slots may be covered."""
    worst = 0
    for options in shift_options:
        worst = max(worst, min(max(RANK.get(calendar.get(pair), 2) for pair in option)
                               for option in options))
    return {0: "available", 1: "last_resort"}.get(worst, "unavailable")


def _slot_options(mission):
    return [slot_options(s.starts_at, s.ends_at) for s in mission.shifts]


def slot_options(starts_at, ends_at):
    """The ways the calendar may cover a shift: a list of options, each a list of the
    (day, slot) that must all be said available. A shift takes the slot of its local
    start; a night belongs to the evening it starts (a start after midnight: the day
    before); a shift from the morning to past 15:00 is a "journée", also covered by the
    morning and the afternoon of that day."""
    start, end = local(starts_at), local(ends_at)
    day, hour = start.date(), start.hour
    if hour < SLOTS["morning"][1] or hour >= SLOTS["night"][1]:
        night_day = day - timedelta(days=1) if hour < 12 else day
        return [[(night_day, "night")]]
    if hour < SLOTS["afternoon"][1]:
        if end.date() == day and end.hour + end.minute / 60 <= 15:
            return [[(day, "morning")], [(day, "day")]]
        return [[(day, "day")], [(day, "morning"), (day, "afternoon")]]
    return [[(day, "afternoon")], [(day, "day")]]


def _reach(mission, quotas):
    """From when to when held shifts matter: 8 days around the mission (rest, day, week)
    and, for a quota, the whole local months it falls in."""
    if not quotas:
        return mission.starts_at - hours.REACH, mission.ends_at + hours.REACH
    first, last = local(mission.starts_at).date(), local(mission.ends_at).date()
    month_start = to_utc(first.replace(day=1), time())
    next_month = (last.replace(day=28) + timedelta(days=4)).replace(day=1)
    return (min(mission.starts_at - hours.REACH, month_start),
            max(mission.ends_at + hours.REACH, to_utc(next_month, time())))


def _month(moment):
    moment = local(moment)
    return moment.year, moment.month


def _calendar_week(mission):
    first = local(mission.starts_at).date()
    monday = first - timedelta(days=first.weekday())
    return to_utc(monday, time()), to_utc(monday + timedelta(days=7), time())

