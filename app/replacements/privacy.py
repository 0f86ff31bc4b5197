"""The pool's part of a person's data rights: what the ZIP export holds, erasure (the
missions done stay as anonymous hours: assignments keep their minutes, profile_id
NULL), and the purge of profiles two years without a mission (the daily `purge`)."""
from datetime import timedelta

from sqlalchemy import exists, or_, select

from app.audit.services import record
from app.cv.stats import bump
from app.extensions import db
from app.replacements.models import (Assignment, Availability, AvailabilityRule, Mission,
                                     MissionAlert, PersonQuota, ReplacementProfile)
from app.work import unit_of_work

IDLE = timedelta(days=730)  # two years without a mission


def _profile_data(profile):
    fields = ("status", "home_insee", "home_commune", "latitude", "longitude", "radius_km",
              "weekly_ceiling_hours", "consent_at", "consent_version", "checked_at",
              "last_mission_at", "created_at", "updated_at")
    data = {name: getattr(profile, name) for name in fields}
    data.update(occupations=sorted(profile.occupation_codes),
                diplomas=sorted(profile.diploma_codes),
                communes=[{"insee": row.insee, "name": row.name} for row in profile.communes],
                employers=[row.establishment_id for row in profile.employers])
    return data


def _rows(model, profile, fields, order):
    items = db.session.scalars(select(model).where(model.profile_id == profile.id)
                               .order_by(*order)).all()
    return [{name: getattr(item, name) for name in fields} for item in items]


def _assignments(profile):
    items = db.session.scalars(select(Assignment).join(Mission).where(
        Assignment.profile_id == profile.id).order_by(Mission.starts_at)).all()
    return [{"mission": item.mission_id, "establishment": item.mission.establishment.name,
             "occupation": item.mission.occupation, "starts_at": item.mission.starts_at,
             "ends_at": item.mission.ends_at, "status": item.status,
             "minutes_done": item.minutes_done, "created_at": item.created_at,
             "decided_at": item.decided_at, "reason": item.reason} for item in items]


def export_rows(user):
    """The pool data of `user` for their ZIP export, or None if they never joined."""
    profile = db.session.scalar(select(ReplacementProfile).where(
        ReplacementProfile.user_id == user.id))
    if profile is None:
        return None
    return {
        "profile": _profile_data(profile),
        "availability_repeats": _rows(AvailabilityRule, profile, (
            "weekday", "slot", "level", "starts_on", "ends_on"), [AvailabilityRule.id]),
        "availability": _rows(Availability, profile, ("day", "slot", "level"),
                              [Availability.day, Availability.slot]),
        "quotas": _rows(PersonQuota, profile, ("establishment_id", "monthly_hours"),
                        [PersonQuota.establishment_id]),
        "missions": _assignments(profile),
        "alerts": _rows(MissionAlert, profile, (
            "mission_id", "tier", "wave", "last_resort", "channels", "sent_at", "opened_at",
            "answered_at", "answer"), [MissionAlert.sent_at, MissionAlert.id]),
    }


def erase_profile(profile):
    """Delete a pool profile in the caller's unit of work. The database deletes its
    availability, quotas and alerts, and keeps its assignments without it (SET NULL)."""
    bump("pool_profiles_erased")
    db.session.delete(profile)


def erase_of(user):
    """Erase the pool profile of `user`, if any, in the caller's unit of work."""
    profile = db.session.scalar(select(ReplacementProfile).where(
        ReplacementProfile.user_id == user.id))
    if profile is not None:
        erase_profile(profile)


def _idle(now):
    """SQL criteria of a profile two years without a mission (nor a mission coming)."""
    limit = now - IDLE
    recent = exists().where(Assignment.profile_id == ReplacementProfile.id,
                            Assignment.mission_id == Mission.id, Mission.ends_at > limit)
    return [ReplacementProfile.created_at <= limit,
            or_(ReplacementProfile.last_mission_at.is_(None),
                ReplacementProfile.last_mission_at <= limit), ~recent]


def purge_idle(now):
    """Erase the pool profiles two years without a mission; the account stays (the CV
    bank's own retention runs beside). Returns how many were erased."""
    due = _idle(now)
    ids = db.session.scalars(select(ReplacementProfile.id).where(*due)).all()
    for profile_id in ids:
        with unit_of_work() as work:
            profile = work.lock_one(select(ReplacementProfile).where(
                ReplacementProfile.id == profile_id, *due))
            if profile is None:  # a mission came meanwhile
                continue
            record("pool_profile_purged", obj=profile)
            erase_profile(profile)
    return len(ids)
