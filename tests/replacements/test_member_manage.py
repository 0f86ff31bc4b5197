"""A member's mission once posted: applicants ranked, picking one, cancelling with a
reason, the hours done or a no-show, the alert policy (r-member)."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.errors import InvalidTransition
from app.extensions import db
from app.replacements import missions
from app.replacements.models import (AlertPolicy, Assignment, Mission, MissionAlert,
                                     ProfileEmployer)
from tests.replacements import factories

FAR = (49.18, -0.37)   # Caen, about 55 km from Vire
NEAR = (48.84, -0.89)  # Vire itself


def _url(mission):
    return f"/replacements/manage/missions/{mission.id}"


def _named(profile, first_name):
    profile.user.first_name = first_name
    db.session.commit()
    return profile


def test_applicants_are_ranked_network_then_distance_then_hours(client, auth, member_a,
                                                                  establishment_a):
    mission = factories.posted_mission(establishment_a)
    far_network = _named(factories.checked_profile(latitude=FAR[0], longitude=FAR[1]), "Ana")
    db.session.add(ProfileEmployer(profile_id=far_network.id,
                                   establishment_id=establishment_a.id))
    near_busy = _named(factories.checked_profile(latitude=NEAR[0], longitude=NEAR[1]), "Bea")
    near_free = _named(factories.checked_profile(latitude=NEAR[0], longitude=NEAR[1]), "Cyd")
    far = _named(factories.checked_profile(latitude=FAR[0], longitude=FAR[1]), "Dom")
    other = factories.posted_mission(establishment_a, status="filled",
                                     start_in=timedelta(days=2, hours=-14), hours=6)
    factories.assignment(other, near_busy)  # six hours held the same week
    for profile in (far, near_free, near_busy, far_network):
        factories.assignment(mission, profile, status="applied")
    db.session.add(MissionAlert(mission_id=mission.id, profile_id=far.id, tier=1, wave=1))
    auth.login(member_a)
    page = client.get(_url(mission)).text
    order = [page.index(f">{name} ") for name in ("Ana", "Cyd", "Bea", "Dom")]
    assert order == sorted(order)
    assert "Déjà venu(e) chez vous" in page
    assert "6.0 h cette semaine" in page
    assert "1 personne(s) prévenue(s)" in page


def test_the_member_picks_an_applicant_and_the_others_are_declined(client, auth, member_a,
                                                                   establishment_a):
    mission = factories.posted_mission(establishment_a)
    chosen, other = factories.pool_profile(), factories.pool_profile()
    for profile in (chosen, other):
        factories.available(profile, mission)
    picked = factories.assignment(mission, chosen, status="applied")
    factories.assignment(mission, other, status="applied")
    auth.login(member_a)
    response = client.post(f"/replacements/manage/assignments/{picked.id}/pick")
    assert response.headers["Location"].endswith(_url(mission))
    db.session.expire_all()
    assert db.session.get(Mission, mission.id).status == "filled"
    assert sorted(a.status for a in db.session.scalars(select(Assignment))) == [
        "booked", "declined"]


def test_another_establishment_never_reaches_a_mission(client, auth, member_b, establishment_a):
    mission = factories.posted_mission(establishment_a)
    applied = factories.assignment(mission, factories.checked_profile(), status="applied")
    auth.login(member_b)
    assert client.post(f"/replacements/manage/assignments/{applied.id}/pick").status_code == 404
    assert client.post(f"{_url(mission)}/cancel", data={"reason": "x"}).status_code == 404
    db.session.expire_all()
    assert db.session.get(Mission, mission.id).status == "open"


def test_cancelling_keeps_the_reason_and_tells_the_people_on_it(client, auth, member_a,
                                                                establishment_a, outbox):
    mission = factories.posted_mission(establishment_a, status="filled")
    booked = factories.assignment(mission, factories.checked_profile())
    auth.login(member_a)
    assert client.post(f"{_url(mission)}/cancel", data={"reason": ""}).status_code == 400
    assert db.session.get(Mission, mission.id).status == "filled"
    client.post(f"{_url(mission)}/cancel", data={"reason": "Résidente transférée"})
    db.session.expire_all()
    mission = db.session.get(Mission, mission.id)
    assert (mission.status, mission.cancel_reason) == ("cancelled", "Résidente transférée")
    assert mission.closed_at is not None
    assert db.session.get(Assignment, booked.id).status == "cancelled"
    assert "Résidente transférée" in outbox.body(outbox.last_to(booked.profile.user.email))


def _past_booking(establishment, **fields):
    mission = factories.posted_mission(establishment, status="filled",
                                       start_in=-timedelta(hours=10), break_minutes=30)
    return factories.assignment(mission, factories.checked_profile(), **fields)


def test_the_member_confirms_the_hours_done_after_the_mission(client, auth, member_a,
                                                              establishment_a):
    booked = _past_booking(establishment_a)
    auth.login(member_a)
    page = client.get(f"/replacements/manage/assignments/{booked.id}/hours").text
    assert 'value="7"' in page and 'value="30"' in page  # eight hours less the break
    response = client.post(f"/replacements/manage/assignments/{booked.id}/hours",
                           data={"hours": "8", "minutes": "15"})
    assert response.status_code == 302
    db.session.expire_all()
    booked = db.session.get(Assignment, booked.id)
    assert (booked.status, booked.minutes_done, booked.confirmed_by_id) == (
        "done", 495, member_a.id)
    assert booked.mission.status == "done" and booked.mission.closed_at is not None
    assert booked.profile.last_mission_at == booked.mission.ends_at


def test_hours_are_not_confirmed_before_the_mission_starts(app, member_a, establishment_a):
    mission = factories.posted_mission(establishment_a, status="filled")
    booked = factories.assignment(mission, factories.checked_profile())
    with pytest.raises(InvalidTransition, match="une fois la mission commencée"):
        missions.confirm(member_a, booked.id, 60)
    db.session.expire_all()
    assert db.session.get(Assignment, booked.id).status == "booked"


def test_bad_hours_are_refused_at_the_field(client, auth, member_a, establishment_a):
    booked = _past_booking(establishment_a)
    auth.login(member_a)
    response = client.post(f"/replacements/manage/assignments/{booked.id}/hours",
                           data={"hours": "400", "minutes": "75"})
    assert response.status_code == 400
    assert "Entre 0 et 300 heures." in response.text and "Entre 0 et 59 minutes." in response.text
    assert db.session.get(Assignment, booked.id).status == "booked"


def test_a_no_show_closes_the_mission(client, auth, member_a, establishment_a):
    booked = _past_booking(establishment_a)
    auth.login(member_a)
    client.post(f"/replacements/manage/assignments/{booked.id}/no-show")
    db.session.expire_all()
    booked = db.session.get(Assignment, booked.id)
    assert (booked.status, booked.minutes_done) == ("no_show", None)
    assert booked.mission.status == "done"


def test_the_alert_policy_is_saved_and_checked(client, auth, member_a):
    auth.login(member_a)
    url = "/replacements/manage/policy"
    response = client.post(url, data={"reach": "pool", "wave_delay_minutes": "0",
                                      "wave_size": "10"})
    assert response.status_code == 400 and "Entre 1 et 1440 minutes." in response.text
    assert db.session.get(AlertPolicy, member_a.establishment_id) is None
    response = client.post(url, data={"reach": "network", "wave_delay_minutes": "15",
                                      "wave_size": "10", "credential_rule": "ignore"})
    assert response.status_code == 400 and "Choisissez une valeur de la liste." in response.text
    assert db.session.get(AlertPolicy, member_a.establishment_id) is None
    client.post(url, data={"reach": "network", "wave_delay_minutes": "15", "wave_size": "10",
                           "credential_rule": "warn"})
    policy = db.session.get(AlertPolicy, member_a.establishment_id)
    assert (policy.reach, policy.wave_delay_minutes, policy.wave_size,
            policy.credential_rule) == ("network", 15, 10, "warn")
    assert '<option selected value="network">' in client.get(url).text
    assert '<option selected value="warn">' in client.get(url).text


def test_cancelling_tells_the_people_alerted_who_had_not_answered(client, auth, member_a,
                                                                  establishment_a, outbox):
    mission = factories.posted_mission(establishment_a, status="open")
    silent, declined, applied = (factories.checked_profile() for _ in range(3))
    for profile, answer in ((silent, None), (declined, "declined"), (applied, "applied")):
        db.session.add(MissionAlert(mission_id=mission.id, profile_id=profile.id, tier=1,
                                    wave=1, channels="mail", answer=answer))
    db.session.commit()
    factories.assignment(mission, applied, status="applied")
    before = {p.user.email: len(outbox.to(p.user.email)) for p in (silent, declined, applied)}
    auth.login(member_a)
    client.post(f"{_url(mission)}/cancel", data={"reason": "Résidente transférée"})
    told = {email: len(outbox.to(email)) - count for email, count in before.items()}
    assert told == {silent.user.email: 1, declined.user.email: 0, applied.user.email: 1}
    assert "Résidente transférée" in outbox.body(outbox.last_to(silent.user.email))
