"""Alerts in tiers and waves on a frozen clock: the network's available people first,
a wave of the policy's size every delay, "dernier recours" only after a delay with
nobody taking it, then the pool; the deadline tells the member why, counted."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.notifications.models import SentMessage
from app.replacements import alerts, eligibility
from app.replacements.models import AlertPolicy, Assignment, Mission, MissionAlert
from tests.replacements.alerts_helpers import clock, run_due  # noqa: F401
from tests.replacements.factories import alerts_mission, alerts_profile, local_day

def alerted(mission):
    db.session.expire_all()
    return db.session.scalars(select(MissionAlert).where(MissionAlert.mission_id == mission.id)
                              .order_by(MissionAlert.id)).all()


def wave_of(mission, wave):
    return {a.profile_id for a in alerted(mission) if a.wave == wave}


@pytest.fixture
def territory(clock, establishment_a, member_a):
    """Mission at 8:00 tomorrow; 3 of the network and 1 "dernier recours" there; 2 of the
    pool; 1 of another occupation, 2 not available; waves of 2 every 20 minutes."""
    db.session.add(AlertPolicy(establishment_id=establishment_a.id, reach="network_then_pool",
                               wave_delay_minutes=20, wave_size=2))
    starts = clock.now + timedelta(hours=22)
    day = local_day(starts)
    people = {
        "network": [alerts_profile(on=day, employer=establishment_a) for _ in range(3)],
        "network_last": [alerts_profile(on=day, level="last_resort", employer=establishment_a)],
        "pool": [alerts_profile(on=day) for _ in range(2)],
        "nurse": [alerts_profile(on=day, occupation="J1506")],
        "away": [alerts_profile(on=day, level="unavailable"), alerts_profile()],
    }
    mission = alerts_mission(establishment_a, starts, author=member_a)
    return mission, {name: {p.id for p in group} for name, group in people.items()}


def test_the_waves_go_network_then_last_resort_then_pool_one_delay_apart(
        app, clock, territory, outbox):
    mission, people = territory
    with app.test_request_context():
        alerts.start(mission.id)
    first = wave_of(mission, 1)
    assert len(first) == 2 and first <= people["network"]
    assert {a.tier for a in alerted(mission)} == {1}
    assert {a.channels for a in alerted(mission)} == {"mail"}

    clock.advance(timedelta(minutes=19))
    run_due(clock)
    assert len(alerted(mission)) == 2  # the delay has not passed

    clock.advance(timedelta(minutes=1))
    run_due(clock)
    assert wave_of(mission, 2) == people["network"] - first  # the rest of the available

    clock.advance(timedelta(minutes=20))
    run_due(clock)
    assert wave_of(mission, 3) == people["network_last"]
    assert all(a.last_resort for a in alerted(mission) if a.wave == 3)

    clock.advance(timedelta(minutes=20))
    run_due(clock)
    assert wave_of(mission, 4) == people["pool"]
    assert {a.tier for a in alerted(mission) if a.wave == 4} == {2}

    clock.advance(timedelta(minutes=20))
    run_due(clock)
    assert len(alerted(mission)) == 6  # nobody left: the nurse and the away never alerted
    db.session.refresh(mission)
    assert (mission.tier, mission.wave) == (2, 4)
    assert len(outbox.messages()) == 6
    mail = outbox.messages()[0]
    assert "Aide-soignant(e)" in mail["Subject"]
    token = alerted(mission)[0].token
    assert f"/replacements/a/{token}" in outbox.body(mail)


def test_last_resort_waits_for_the_delay_even_when_nobody_is_available(
        app, clock, establishment_a):
    starts = clock.now + timedelta(hours=30)
    last = alerts_profile(on=local_day(starts), level="last_resort")
    mission = alerts_mission(establishment_a, starts, reach="pool")
    with app.test_request_context():
        alerts.start(mission.id)
    assert alerted(mission) == []
    clock.advance(timedelta(minutes=20))  # the default policy: 20 minutes
    run_due(clock)
    assert [(a.profile_id, a.last_resort) for a in alerted(mission)] == [(last.id, True)]


def test_no_wave_once_someone_applied_or_the_mission_is_not_open(app, clock, territory):
    mission, people = territory
    with app.test_request_context():
        alerts.start(mission.id)
    applicant = next(iter(wave_of(mission, 1)))
    db.session.add(Assignment(mission_id=mission.id, profile_id=applicant, status="applied"))
    db.session.commit()
    clock.advance(timedelta(minutes=20))
    run_due(clock)
    assert len(alerted(mission)) == 2

    db.session.execute(Assignment.__table__.delete())
    mission = db.session.get(Mission, mission.id)
    mission.status, mission.cancel_reason = "cancelled", "Salariée revenue"
    db.session.commit()
    with app.test_request_context():
        assert alerts.send_wave(mission.id, 1, True) == 0
    assert len(alerted(mission)) == 2


def test_a_task_of_an_older_chain_does_nothing(app, clock, territory):
    mission, people = territory
    with app.test_request_context():
        alerts.start(mission.id)
        assert alerts.send_wave(mission.id, 0, True) == 0  # wave 1 is already out
        assert alerts.send_wave(mission.id, 1, True) == 1  # the third of the network


def test_a_mission_starting_within_12_hours_is_urgent(app, clock, establishment_a):
    starts = clock.now + timedelta(hours=11)
    alerts_profile(on=local_day(starts))
    mission = alerts_mission(establishment_a, starts, reach="pool",
                             fill_by=clock.now + timedelta(hours=10))
    with app.test_request_context():
        alerts.start(mission.id)
    assert db.session.scalars(select(SentMessage.urgent)).all() == [True]


def test_the_deadline_closes_it_unfilled_and_tells_the_member_why_counted(
        app, clock, territory, member_a, outbox):
    mission, people = territory
    with app.test_request_context():
        alerts.start(mission.id)
    clock.now = mission.fill_by
    run_due(clock)
    db.session.refresh(mission)
    assert mission.status == "unfilled" and mission.closed_at == mission.fill_by
    told = outbox.last_to(member_a.email)
    body = outbox.body(told)
    assert "non pourvue" in told["Subject"]
    assert f"{eligibility.REASONS['unavailable']} : 2" in body
    assert f"{len(alerted(mission))} personnes ont été prévenues" in body
    everyone = [p for group in people.values() for p in group]
    names = {a.profile.user.last_name for a in alerted(mission)}
    assert not any(name in body for name in names) and everyone
    clock.advance(timedelta(hours=1))
    before = len(alerted(mission))
    run_due(clock)  # the waves still scheduled do nothing on a closed mission
    assert len(alerted(mission)) == before


def test_a_withdrawal_alerts_the_next_people_at_once(app, clock, establishment_a):
    from app.replacements import booking
    db.session.add(AlertPolicy(establishment_id=establishment_a.id, reach="pool",
                               wave_delay_minutes=30, wave_size=1))
    starts = clock.now + timedelta(days=3)
    first, second = (alerts_profile(on=local_day(starts)) for _ in range(2))
    mission = alerts_mission(establishment_a, starts, reach="pool")
    with app.test_request_context():
        alerts.start(mission.id)
        assignment = booking.accept(first.user, mission.id)
        clock.advance(timedelta(minutes=30))
        run_due(clock)
        assert wave_of(mission, 2) == set()  # filled: no wave
        booking.withdraw(first.user, assignment.id, "Enfant malade")
    assert wave_of(mission, 2) == {second.id}  # at once, not after the delay
    assert db.session.get(Mission, mission.id).status == "open"
