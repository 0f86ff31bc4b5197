"""Rows of the replacement pool for tests: each part adds its own helpers in its own block."""


# r-alerts: a checked professional of the pool, a mission of one shift.
from datetime import timedelta as _timedelta  # noqa: E402

from app.extensions import db as _db  # noqa: E402
from app.replacements import models as _models  # noqa: E402
from app.timeutil import local as _local, utcnow as _utcnow  # noqa: E402
from tests import factories as _factories  # noqa: E402

VIRE = ("14762", "Vire Normandie", 48.8386, -0.8892)


def alerts_profile(occupation="J1501", level="available", on=None, employer=None, **user_fields):
    """An approved profile living in Vire, available (or `level`) on every slot of the day
    `on` (a local date), having worked for `employer` if given."""
    person = _factories.user("candidate", **user_fields)
    insee, name, latitude, longitude = VIRE
    profile = _models.ReplacementProfile(
        user_id=person.id, status="approved", home_insee=insee, home_commune=name,
        latitude=latitude, longitude=longitude, radius_km=30, weekly_ceiling_hours=48,
        consent_at=_utcnow(), consent_version=_models.CONSENT_VERSION)
    profile.occupations = [_models.ProfileOccupation(occupation=occupation)]
    if employer is not None:
        profile.employers = [_models.ProfileEmployer(establishment_id=employer.id)]
    _db.session.add(profile)
    _db.session.flush()
    if on is not None:
        _db.session.add_all(_models.Availability(profile_id=profile.id, day=on, slot=slot,
                                                 level=level) for slot in _models.SLOTS)
    _db.session.commit()
    return profile


def alerts_mission(establishment, starts_at, hours=8, author=None, mode="first",
                   reach="network_then_pool", occupation="J1501", fill_by=None):
    """An open mission of one shift at Vire, to be filled by `fill_by` (default: 2 h before)."""
    insee, name, latitude, longitude = VIRE
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
