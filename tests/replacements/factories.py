"""Rows of the replacement pool for tests: each part adds its own helpers in its own block."""


# r-member: a checked professional, a posted mission, a person on it.
from datetime import timedelta  # noqa: E402

from app.extensions import db  # noqa: E402
from app.replacements.models import (Assignment, Mission, MissionShift,  # noqa: E402
                                     ReplacementProfile)
from app.timeutil import utcnow  # noqa: E402
from tests import factories  # noqa: E402

VIRE = dict(insee="14762", commune="Vire Normandie", latitude=48.8386, longitude=-0.8892)


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
                  ends_at=ends_at, fill_by=starts_at, **VIRE,
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
