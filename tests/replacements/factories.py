"""Rows of the replacement pool for tests: each part adds its own helpers in its own block."""


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
