"""The pool's data rights: the ZIP export, erasure (anonymous hours stay), the purge."""
import io
import json
import zipfile
from datetime import timedelta

from sqlalchemy import func, select

from app.cv import purge
from app.cv.privacy import delete_account
from app.extensions import db
from app.replacements.models import (Assignment, Availability, MissionAlert, ReplacementProfile)
from app.staff import indicators
from app.timeutil import local_today, utcnow
from tests.factories import PASSWORD
from tests.replacements.factories import mine_assignment, mine_mission, mine_profile


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def _member_of_pool(establishment):
    profile = mine_profile()
    db.session.add(Availability(profile_id=profile.id, day=local_today() + timedelta(days=2),
                                slot="night", level="available"))
    mission = mine_mission(establishment, utcnow() - timedelta(days=5), status="done")
    mine_assignment(mission, profile, "done", minutes_done=450)
    db.session.add(MissionAlert(mission_id=mission.id, profile_id=profile.id, tier=1, wave=1,
                                channels="mail", answer="accepted", answered_at=utcnow()))
    db.session.commit()
    return profile, mission


def test_the_export_holds_the_pool_data(client, auth, establishment_a):
    profile, mission = _member_of_pool(establishment_a)
    auth.login(profile.user)
    response = client.get("/cv/me/export")
    assert response.status_code == 200
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.data)).read("donnees.json"))
    pool = data["replacements"]
    assert pool["profile"]["home_commune"] == "Vire Normandie"
    assert pool["profile"]["occupations"] == ["J1501"]
    assert [row["slot"] for row in pool["availability"]] == ["night"]
    assert pool["missions"][0]["mission"] == mission.id
    assert pool["missions"][0]["minutes_done"] == 450
    assert pool["alerts"][0]["answer"] == "accepted"


def test_erasure_keeps_the_hours_done_as_anonymous_figures(app, establishment_a):
    profile, mission = _member_of_pool(establishment_a)
    delete_account(profile.user, PASSWORD)
    db.session.expire_all()
    assert _count(ReplacementProfile) == 0
    assert _count(Availability) == 0 and _count(MissionAlert) == 0
    assignment = db.session.scalar(select(Assignment))
    assert assignment.profile_id is None and assignment.minutes_done == 450
    assert sum(row["mission_hours"] for row in indicators.monthly()) == 7.5


def test_the_purge_erases_profiles_two_years_without_a_mission(app, establishment_a):
    long_ago = utcnow() - timedelta(days=800)
    idle = mine_profile(created_at=long_ago, last_mission_at=long_ago)
    old = mine_mission(establishment_a, long_ago, status="done")
    mine_assignment(old, idle, "done", minutes_done=420)
    recent = mine_profile(created_at=long_ago)
    mine_assignment(mine_mission(establishment_a, utcnow() - timedelta(days=100),
                                 status="done"), recent, "done", minutes_done=420)
    young = mine_profile(created_at=utcnow() - timedelta(days=100))
    idle_user = idle.user_id
    assert purge.run()["pool_profiles"] == 1
    db.session.expire_all()
    left = set(db.session.scalars(select(ReplacementProfile.id)))
    assert left == {recent.id, young.id}
    assert db.session.scalar(select(Assignment.profile_id).where(
        Assignment.mission_id == old.id)) is None
    from app.auth.models import User
    assert db.session.get(User, idle_user) is not None  # the account has its own retention
