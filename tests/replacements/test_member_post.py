"""A member posts a mission: one or several shifts, a night across midnight, and every
bad input refused at its field in French with nothing saved (r-member)."""
import re
from datetime import time, timedelta

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.errors import NotAllowed
from app.extensions import db
from app.replacements import missions
from app.replacements.models import Mission
from app.timeutil import local_today, to_utc

URL = "/replacements/manage/missions/new"


def form(**overrides):
    """A valid mission: one night from 21:00 to 07:00 the next morning, in three days."""
    day = local_today() + timedelta(days=3)
    data = {"occupation": "J1501", "site": "Unité Alzheimer", "commune": "Vire Normandie (14500)",
            "shifts-0-day": day.isoformat(), "shifts-0-start": "21:00",
            "shifts-0-end": "07:00", "shifts-0-next_day": "y", "shifts-0-break_minutes": "30",
            "diplomas": ["DEAS"], "mode": "first", "reach": "network_then_pool",
            "withdraw_hours": "24", "note": "Badge à l'accueil"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def missions_saved():
    return db.session.scalar(select(func.count(Mission.id)))


def test_a_night_crossing_midnight_is_posted_with_the_site_commune(client, auth, member_a):
    auth.login(member_a)
    response = client.post(URL, data=form())
    assert response.status_code == 302
    mission = db.session.scalars(select(Mission)).one()
    day = local_today() + timedelta(days=3)
    [shift] = mission.shifts
    assert (shift.starts_at, shift.ends_at) == (to_utc(day, time(21)),
                                                to_utc(day + timedelta(days=1), time(7)))
    assert shift.worked_minutes == 9 * 60 + 30
    assert (mission.starts_at, mission.ends_at, mission.fill_by) == (
        shift.starts_at, shift.ends_at, shift.starts_at)
    assert (mission.insee, mission.commune) == ("14762", "Vire Normandie")
    assert round(mission.latitude, 1) == 48.8 and round(mission.longitude, 1) == -0.9
    assert mission.establishment_id == member_a.establishment_id and mission.status == "open"
    assert mission.diploma_codes == {"DEAS"} and mission.mode == "first"
    assert response.headers["Location"].endswith(f"/replacements/manage/missions/{mission.id}")
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.object_type == "Mission", AuditEvent.object_id == mission.id)) == "mission_post"


def test_several_shifts_keep_their_first_start_and_last_end(client, auth, member_a):
    day = local_today() + timedelta(days=5)
    auth.login(member_a)
    response = client.post(URL, data=form(**{
        "shifts-0-day": (day + timedelta(days=1)).isoformat(), "shifts-0-next_day": None,
        "shifts-0-start": "07:00", "shifts-0-end": "14:00", "shifts-0-break_minutes": "0",
        "shifts-1-day": day.isoformat(), "shifts-1-start": "13:30", "shifts-1-end": "21:00"}))
    assert response.status_code == 302
    mission = db.session.scalars(select(Mission)).one()
    assert [s.starts_at for s in mission.shifts] == [to_utc(day, time(13, 30)),
                                                      to_utc(day + timedelta(days=1), time(7))]
    assert mission.starts_at == to_utc(day, time(13, 30))
    assert mission.ends_at == to_utc(day + timedelta(days=1), time(14))


def _yesterday():
    return (local_today() - timedelta(days=1)).isoformat()


def _next_week():
    return (local_today() + timedelta(days=3)).isoformat()


BAD = {
    "end before start": ({"shifts-0-next_day": None}, "L'heure de fin doit suivre"),
    "over 24 hours": ({"shifts-0-end": "22:00"}, "Un poste dure 24 heures au plus."),
    "in the past": ({"shifts-0-day": _yesterday()}, "Ce poste commence dans le passé."),
    "no shift": ({"shifts-0-day": "", "shifts-0-start": "", "shifts-0-end": "",
                  "shifts-0-next_day": None}, "Indiquez au moins un poste"),
    "half a shift": ({"shifts-0-end": ""}, "Indiquez le jour, l'heure de début"),
    "break longer than the shift": ({"shifts-0-next_day": None, "shifts-0-start": "10:00",
                                     "shifts-0-end": "12:00", "shifts-0-break_minutes": "120"},
                                    "La pause doit être plus courte que le poste."),
    "overlapping shifts": ({"shifts-1-day": _next_week(), "shifts-1-start": "23:00",
                            "shifts-1-end": "23:30"}, "Deux postes se chevauchent."),
    "unknown occupation": ({"occupation": "X9999"}, "Choisissez une valeur de la liste."),
    "unknown diploma": ({"diplomas": ["DEAS", "FAKE"]}, "Diplôme inconnu"),
    "unknown commune": ({"commune": "Zzyzx-sur-Rien"}, "Commune inconnue"),
    "ambiguous commune": ({"commune": "Flers"}, "Plusieurs communes correspondent"),
    "withdraw deadline": ({"withdraw_hours": "1000"}, "Entre 0 et 720 heures."),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(client, auth, member_a, case):
    overrides, message = BAD[case]
    auth.login(member_a)
    response = client.post(URL, data=form(**overrides))
    assert response.status_code == 400
    assert message in response.text, re.findall(r'class="error"[^>]*>([^<]*)', response.text)
    assert 'class="error"' in response.text
    assert missions_saved() == 0


def test_only_an_active_member_posts_even_when_the_page_was_shown(app, member_a):
    data = {"occupation": "J1501", "commune": "Vire Normandie", "mode": "validate",
            "reach": "pool", "withdraw_hours": 24, "diplomas": [],
            "shifts": [(to_utc(local_today() + timedelta(days=2), time(8)),
                        to_utc(local_today() + timedelta(days=2), time(16)), 0)]}
    member_a.establishment.status = "suspended"
    db.session.commit()
    with pytest.raises(NotAllowed):
        missions.post(member_a, data)
    assert missions_saved() == 0


def test_the_service_refuses_a_shift_the_form_would_refuse(app, member_a):
    start = to_utc(local_today() + timedelta(days=2), time(8))
    data = {"occupation": "J1501", "commune": "Vire Normandie", "mode": "validate",
            "reach": "pool", "withdraw_hours": 24, "diplomas": [],
            "shifts": [(start, start - timedelta(hours=1), 0)]}
    with pytest.raises(missions.InvalidMission) as refused:
        missions.post(member_a, data)
    assert refused.value.field == "shifts"
    assert missions_saved() == 0


def test_the_form_starts_from_the_establishment_commune_and_policy(client, auth, member_a):
    policy = missions.save_policy(member_a, {"reach": "pool", "wave_delay_minutes": 5,
                                                       "wave_size": 3})
    assert policy.reach == "pool"
    auth.login(member_a)
    page = client.get(URL).text
    assert 'value="Vire Normandie (14500)"' in page
    assert '<option selected value="pool">' in page
