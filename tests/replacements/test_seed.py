"""The demo pool and missions: every state, the demo professional's both sides, once."""
from sqlalchemy import func, select

from app.auth.passwords import verify_password
from app.extensions import db
from app.replacements import stats
from app.replacements.lifecycle import ASSIGNMENT, MISSION
from app.replacements.models import (Assignment, Availability, Mission, MissionAlert,
                                     ReplacementProfile)
from app.replacements.seed import DEMO_EMAIL
from app.auth.models import User
from app.seed import DEMO_PASSWORD, seed
from app.timeutil import local_today


def test_the_demo_pool_covers_every_state_once(app):
    assert seed() > 0
    assert seed() == 0
    assert {m.status for m in db.session.scalars(select(Mission))} == set(MISSION.states)
    assert {a.status for a in db.session.scalars(select(Assignment))} == set(ASSIGNMENT.states)
    profiles = db.session.scalars(select(ReplacementProfile)).all()
    assert {p.home_commune for p in profiles} >= {"Vire Normandie", "Flers",
                                                  "Condé-en-Normandie"}
    assert len({code for p in profiles for code in p.occupation_codes}) >= 4
    assert all(p.is_checked for p in profiles)
    days = db.session.scalars(select(Availability.day).distinct()).all()
    assert min(days) == local_today() and (max(days) - min(days)).days >= 27


def test_the_demo_professional_has_both_sides(app):
    seed()
    user = db.session.scalar(select(User).where(User.email == DEMO_EMAIL))
    assert verify_password(user.password_hash, DEMO_PASSWORD)
    profile = user.replacement_profile
    coming, past = stats.split(stats.assignments_of(profile))
    assert coming and past
    assert len({row[1] for row in stats.hours_by_employer_month(
        stats.assignments_of(profile))}) >= 2  # hours with several employers
    open_alert = db.session.scalar(select(func.count()).select_from(MissionAlert).join(
        Mission).where(MissionAlert.profile_id == profile.id, Mission.status == "open",
                       MissionAlert.answer.is_(None)))
    assert open_alert == 1  # a mission to accept from the alert's link
