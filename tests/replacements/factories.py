"""Rows of the replacement pool for tests: each part adds its own helpers in its own block."""


# cred-elig: a pool person holds, verified, the credentials their occupations require
# (app/referentials.OCCUPATION_CREDENTIALS), so every profile below is eligible as before.
def qualify(user, occupations):
    """Give `user` the verified credentials that `occupations` require (none kept as PDF)."""
    from datetime import date

    from app.credentials.models import Credential
    from app.extensions import db
    from app.referentials import OCCUPATION_CREDENTIALS
    from app.timeutil import utcnow
    types = sorted({code for occupation in occupations
                    for code in OCCUPATION_CREDENTIALS.get(occupation, ())})
    for kind in types:
        db.session.add(Credential(holder=user, type=kind, obtained_on=date(2015, 6, 1),
                                  verified_at=utcnow(), verified_by_name="Test"))


# r-member: a checked professional, a posted mission, a person on it.
from datetime import timedelta  # noqa: E402

from app.extensions import db  # noqa: E402
from app.replacements.models import (Assignment, Mission, MissionShift,  # noqa: E402
                                     ReplacementProfile)
from app.timeutil import utcnow  # noqa: E402
from tests import factories  # noqa: E402

VIRE_SITE = dict(insee="14762", commune="Vire Normandie", latitude=48.8386, longitude=-0.8892)


def checked_profile(user=None, status="approved", latitude=48.85, longitude=-0.90, **fields):
    """An approved pool profile (a candidate account is made when none is given)."""
    user = user or factories.user("candidate")
    profile = ReplacementProfile(
        user_id=user.id, status=status, home_insee="14762", home_commune="Vire Normandie",
        latitude=latitude, longitude=longitude, consent_at=utcnow(), consent_version="2026-12",
        **fields)
    db.session.add(profile)
    db.session.commit()
    return profile


def posted_mission(establishment, status="open", start_in=timedelta(days=2),
                   hours=8, break_minutes=0, **fields):
    """A mission of `establishment` with one shift starting `start_in` from now."""
    starts_at = utcnow().replace(microsecond=0) + start_in
    ends_at = starts_at + timedelta(hours=hours)
    values = dict(establishment_id=establishment.id, occupation="J1501", mode="validate",
                  reach="network_then_pool", status=status, starts_at=starts_at,
                  ends_at=ends_at, fill_by=starts_at, **VIRE_SITE,
                  shifts=[MissionShift(starts_at=starts_at, ends_at=ends_at,
                                       break_minutes=break_minutes)])
    if status == "cancelled":
        values["cancel_reason"] = "Test"
    values.update(fields)
    mission = Mission(**values)
    db.session.add(mission)
    db.session.commit()
    return mission


def assignment(mission, profile, status="booked", **fields):
    """`profile` on `mission` in `status`."""
    row = Assignment(mission_id=mission.id, profile_id=profile.id, status=status, **fields)
    db.session.add(row)
    db.session.commit()
    return row


# r-engine: a profile, a mission of shifts, a booking, availability.
from datetime import timedelta as _timedelta  # noqa: E402

from app.timeutil import utcnow as _utcnow  # noqa: E402

VIRE = (48.8385, -0.8891)  # the commune of the scenes; the others are placed from it


def pool_profile(user=None, occupation="J1501", diplomas=("DEAS",), at=VIRE, radius_km=30,
                 ceiling=48, status="approved", employers=(), communes=(), commit=True):
    """A checked professional of the pool living at `at` (latitude, longitude)."""
    from app.extensions import db
    from app.replacements.models import (ProfileCommune, ProfileDiploma, ProfileEmployer,
                                         ProfileOccupation, ReplacementProfile)
    from tests import factories
    user = user or factories.user("candidate", commit=False)
    profile = ReplacementProfile(
        user=user, status=status, home_insee="14762", home_commune="Vire Normandie",
        latitude=at[0], longitude=at[1], radius_km=radius_km, weekly_ceiling_hours=ceiling,
        consent_at=_utcnow(), consent_version="2026-12",
        occupations=[ProfileOccupation(occupation=occupation)],
        diplomas=[ProfileDiploma(diploma=code) for code in diplomas],
        employers=[ProfileEmployer(establishment_id=e.id) for e in employers],
        communes=[ProfileCommune(insee=insee, name=insee) for insee in communes])
    db.session.add(profile)
    qualify(user, [occupation])
    if commit:
        db.session.commit()
    return profile


def mission(establishment, shifts, occupation="J1501", diplomas=(), mode="first", at=VIRE,
            insee="14762", status="open", commit=True):
    """A mission of `establishment` with `shifts`: (start, end[, break minutes]) in UTC."""
    from app.extensions import db
    from app.replacements.models import Mission, MissionDiploma, MissionShift
    rows = [MissionShift(starts_at=s[0], ends_at=s[1], break_minutes=s[2] if len(s) > 2 else 0)
            for s in shifts]
    item = Mission(establishment=establishment, occupation=occupation, mode=mode,
                   status=status, insee=insee, commune="Vire Normandie",
                   latitude=at[0], longitude=at[1], shifts=rows,
                   starts_at=min(r.starts_at for r in rows), ends_at=max(r.ends_at for r in rows),
                   fill_by=min(r.starts_at for r in rows) - _timedelta(hours=1),
                   diplomas=[MissionDiploma(diploma=code) for code in diplomas])
    db.session.add(item)
    if commit:
        db.session.commit()
    return item


def booking(profile, mission_obj, status="booked", commit=True):
    """`profile` holding `mission_obj` (the mission marked filled)."""
    from app.extensions import db
    from app.replacements.models import Assignment
    row = Assignment(mission=mission_obj, profile=profile, status=status)
    db.session.add(row)
    if status in ("booked", "done") and mission_obj.status == "open":
        mission_obj.status = "filled" if status == "booked" else "done"
    db.session.add(row)
    if commit:
        db.session.commit()
    return row


def available(profile, mission_obj, level="available", commit=True):
    """`profile` says `level` on every slot the mission's shifts need."""
    from app.extensions import db
    from app.replacements.eligibility import slot_options
    from sqlalchemy import select

    from app.replacements.models import Availability
    pairs = {pair for s in mission_obj.shifts for option in slot_options(s.starts_at, s.ends_at)
             for pair in option}
    for day, slot in sorted(pairs):
        row = db.session.scalar(select(Availability).filter_by(profile_id=profile.id, day=day,
                                                               slot=slot))
        if row is None:
            db.session.add(Availability(profile_id=profile.id, day=day, slot=slot, level=level))
        else:
            row.level = level
    if commit:
        db.session.commit()


# r-mine: a checked profile, a mission with its shifts, an assignment.
def mine_profile(user=None, commit=True, **fields):
    """An approved pool profile (of a new candidate account unless `user` is given)."""
    from app.replacements.models import ProfileOccupation, ReplacementProfile
    from app.timeutil import utcnow
    from tests import factories
    from app.extensions import db
    user = user or factories.user("candidate")
    values = dict(user_id=user.id, status="approved", home_insee="14762",
                  home_commune="Vire Normandie", latitude=48.8386, longitude=-0.8892,
                  consent_at=utcnow(), consent_version="2026-12")
    values.update(fields)
    profile = ReplacementProfile(**values)
    profile.occupations.append(ProfileOccupation(occupation="J1501"))
    db.session.add(profile)
    qualify(user, ["J1501"])
    if commit:
        db.session.commit()
    return profile


def mine_mission(establishment, starts_at, hours=(8,), status="open", commit=True, **fields):
    """A mission of `establishment` whose shifts start `starts_at` then each next day,
    lasting the given hours (a 30 min break each)."""
    from datetime import timedelta

    from app.extensions import db
    from app.replacements.models import Mission, MissionShift
    shifts = [MissionShift(starts_at=starts_at + timedelta(days=i),
                           ends_at=starts_at + timedelta(days=i, hours=h), break_minutes=30)
              for i, h in enumerate(hours)]
    values = dict(establishment_id=establishment.id, occupation="J1501", site="Unité A",
                  insee="14762", commune="Vire Normandie", latitude=48.8386,
                  longitude=-0.8892, starts_at=shifts[0].starts_at, ends_at=shifts[-1].ends_at,
                  fill_by=shifts[0].starts_at - timedelta(hours=2), status=status,
                  published_at=starts_at - timedelta(days=2))
    if status == "cancelled":
        values["cancel_reason"] = "Résident hospitalisé"
    values.update(fields)
    mission = Mission(**values, shifts=shifts)
    db.session.add(mission)
    if commit:
        db.session.commit()
    return mission


def mine_assignment(mission, profile, status="booked", minutes_done=None, commit=True):
    from app.extensions import db
    from app.replacements.models import Assignment
    item = Assignment(mission_id=mission.id, profile_id=profile.id, status=status,
                      minutes_done=minutes_done)
    db.session.add(item)
    if commit:
        db.session.commit()
    return item


# r-pro:
def pro_profile(user_obj, status="approved", home="61169", occupations=("J1501",),
                 diplomas=(), employers=(), commit=True, **fields):
    """A pool profile of `user_obj` living in `home` (INSEE), checked unless `status` says."""
    from app import communes
    from app.extensions import db
    from app.replacements.models import (ProfileDiploma, ProfileEmployer, ProfileOccupation,
                                         ReplacementProfile)
    from app.timeutil import utcnow
    commune = communes.find(home)
    checked = status in ("approved", "paused")
    values = dict(user_id=user_obj.id, status=status, home_insee=commune.insee,
                  home_commune=commune.name, latitude=commune.latitude,
                  longitude=commune.longitude, consent_at=utcnow(), consent_version="2026-12",
                  checked_at=utcnow() if checked else None,
                  checked_by_id=user_obj.id if checked else None)
    values.update(fields)
    profile = ReplacementProfile(**values)
    profile.occupations = [ProfileOccupation(occupation=code) for code in occupations]
    profile.diplomas = [ProfileDiploma(diploma=code) for code in diplomas]
    profile.employers = [ProfileEmployer(establishment_id=e.id) for e in employers]
    db.session.add(profile)
    qualify(user_obj, occupations)
    if commit:
        db.session.commit()
    return profile


# r-alerts: a checked professional of the pool, a mission of one shift.
from app.extensions import db as _db  # noqa: E402
from app.replacements import models as _models  # noqa: E402
from app.timeutil import local as _local  # noqa: E402
from tests import factories as _factories  # noqa: E402

_VIRE_COMMUNE = ("14762", "Vire Normandie", 48.8386, -0.8892)


def alerts_profile(occupation="J1501", level="available", on=None, employer=None, **user_fields):
    """An approved profile living in Vire, available (or `level`) on every slot of the day
    `on` (a local date), having worked for `employer` if given."""
    person = _factories.user("candidate", **user_fields)
    insee, name, latitude, longitude = _VIRE_COMMUNE
    profile = _models.ReplacementProfile(
        user_id=person.id, status="approved", home_insee=insee, home_commune=name,
        latitude=latitude, longitude=longitude, radius_km=30, weekly_ceiling_hours=48,
        consent_at=_utcnow(), consent_version=_models.CONSENT_VERSION)
    profile.occupations = [_models.ProfileOccupation(occupation=occupation)]
    if employer is not None:
        profile.employers = [_models.ProfileEmployer(establishment_id=employer.id)]
    _db.session.add(profile)
    qualify(person, [occupation])
    _db.session.flush()
    if on is not None:
        _db.session.add_all(_models.Availability(profile_id=profile.id, day=on, slot=slot,
                                                 level=level) for slot in _models.SLOTS)
    _db.session.commit()
    return profile


def alerts_mission(establishment, starts_at, hours=8, author=None, mode="first",
                   reach="network_then_pool", occupation="J1501", fill_by=None):
    """An open mission of one shift at Vire, to be filled by `fill_by` (default: 2 h before)."""
    insee, name, latitude, longitude = _VIRE_COMMUNE
    ends_at = starts_at + _timedelta(hours=hours)
    mission = _models.Mission(
        establishment_id=establishment.id, author_id=author.id if author else None,
        occupation=occupation, site="Unité Alzheimer", mode=mode, reach=reach, insee=insee,
        commune=name, latitude=latitude, longitude=longitude, starts_at=starts_at,
        ends_at=ends_at, fill_by=fill_by or starts_at - _timedelta(hours=2),
        published_at=_utcnow(), created_at=_utcnow())
    mission.shifts = [_models.MissionShift(starts_at=starts_at, ends_at=ends_at,
                                           break_minutes=30)]
    _db.session.add(mission)
    _db.session.commit()
    return mission


def local_day(moment):
    return _local(moment).date()
