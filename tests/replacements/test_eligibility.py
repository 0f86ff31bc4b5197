"""The eligibility rules one by one, counted across every establishment of the platform.

Every scene is set in a week to come (Europe/Paris wall-clock times); the hours
a person already holds are booked at another establishment unless said, since
the law counts them across employers.
"""
import math
from datetime import date, time, timedelta

import pytest

from app.extensions import db
from app.replacements import eligibility
from app.replacements.models import MissionAlert, PersonQuota
from app.timeutil import local_today, to_utc
from tests import factories
from tests.replacements import factories as pool

MONDAY = local_today() + timedelta(days=14 - local_today().weekday())


def at(day, hour, minute=0):
    """Day `day` of the scene's week (0: Monday; 7: the next Monday) at hour:minute, in UTC."""
    return to_utc(MONDAY + timedelta(days=day), time(hour, minute))


@pytest.fixture
def homes(app):
    """The mission's establishment and another one, where hours are held too."""
    return factories.establishment(name="EHPAD Les Tilleuls"), factories.establishment(
        name="SSIAD du Bocage")


def _hold(profile, establishment, *shifts, status="booked"):
    """`profile` holds a mission of `establishment` made of `shifts`."""
    pool.booking(profile, pool.mission(establishment, shifts), status=status)


def _scene(homes, shifts, **profile):
    person = pool.pool_profile(**profile)
    mission = pool.mission(homes[0], shifts)
    pool.available(person, mission)
    return person, mission


def _ids(mission, **options):
    return [c.profile_id for c in eligibility.eligible(mission, **options)]


def test_an_available_person_of_the_occupation_nearby_is_eligible(homes):
    person, mission = _scene(homes, [(at(2, 7), at(2, 14))])
    (found,) = eligibility.eligible(mission)
    assert found.profile_id == person.id and found.level == "available"
    assert found.distance_km == 0 and found.network is False and found.week_minutes == 0
    assert eligibility.refusals(mission, person) == []


def test_occupation_and_every_required_diploma(homes):
    shifts = [(at(2, 7), at(2, 14))]
    mission = pool.mission(homes[0], shifts, diplomas=("DEAS", "AFGSU2"))
    both = pool.pool_profile(diplomas=("DEAS", "AFGSU2"))
    one = pool.pool_profile(diplomas=("DEAS",))
    other_job = pool.pool_profile(occupation="K1301", diplomas=("DEAS", "AFGSU2"))
    for person in (both, one, other_job):
        pool.available(person, mission)
    assert _ids(mission) == [both.id]
    assert eligibility.refusals(mission, one) == ["diploma"]
    assert eligibility.refusals(mission, other_job) == ["occupation", "credential"]


def test_distance_within_the_radius_or_a_commune_listed(homes):
    # 0.4° of latitude north of Vire: about 44.5 km.
    far = (pool.VIRE[0] + 0.4, pool.VIRE[1])
    mission = pool.mission(homes[0], [(at(2, 7), at(2, 14))])
    near = pool.pool_profile(at=(pool.VIRE[0] + 0.1, pool.VIRE[1]), radius_km=15)
    too_far = pool.pool_profile(at=far, radius_km=40)
    listed = pool.pool_profile(at=far, radius_km=10, communes=("14762",))
    for person in (near, too_far, listed):
        pool.available(person, mission)
    found = {c.profile_id: c.distance_km for c in eligibility.eligible(mission)}
    assert set(found) == {near.id, listed.id}
    assert found[listed.id] == pytest.approx(0.4 * 6371.0088 * math.pi / 180, abs=0.1)
    assert eligibility.refusals(mission, too_far) == ["distance"]


def test_the_distance_is_equirectangular_yet_close_to_the_great_circle(homes):
    east = (pool.VIRE[0] + 0.3, pool.VIRE[1] + 0.5)
    mission = pool.mission(homes[0], [(at(2, 7), at(2, 14))])
    person = pool.pool_profile(at=east, radius_km=60)
    pool.available(person, mission)
    (found,) = eligibility.eligible(mission)
    lat1, lon1, lat2, lon2 = map(math.radians, (*pool.VIRE, *east))
    great_circle = 2 * 6371.0088 * math.asin(math.sqrt(
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2))
    assert found.distance_km == pytest.approx(great_circle, rel=0.01)


def test_availability_levels_and_nothing_said(homes):
    mission = pool.mission(homes[0], [(at(2, 21), at(3, 7))])  # a night
    ready, fallback, busy, silent = (pool.pool_profile() for _ in range(4))
    pool.available(ready, mission)
    pool.available(fallback, mission, level="last_resort")
    pool.available(busy, mission, level="unavailable")
    assert _ids(mission) == [ready.id]
    assert _ids(mission, levels=("last_resort",)) == [fallback.id]
    assert eligibility.refusals(mission, fallback) == []  # may still take it
    assert eligibility.refusals(mission, busy) == ["unavailable"]
    assert eligibility.refusals(mission, silent) == ["unavailable"]


@pytest.mark.parametrize("start, end, options", [
    ((2, 21), (3, 7), [[(2, "night")]]),          # a night belongs to its evening
    ((3, 1), (3, 7), [[(2, "night")]]),           # even when it starts after midnight
    ((2, 7), (2, 14), [[(2, "morning")], [(2, "day")]]),
    ((2, 7), (2, 19), [[(2, "day")], [(2, "morning"), (2, "afternoon")]]),
    ((2, 14), (2, 21), [[(2, "afternoon")], [(2, "day")]]),
])
def test_the_slots_a_shift_needs(app, start, end, options):
    expected = [[(MONDAY + timedelta(days=d), slot) for d, slot in option] for option in options]
    assert eligibility.slot_options(at(*start), at(*end)) == expected


def test_a_long_day_is_covered_by_the_morning_and_the_afternoon(homes):
    mission = pool.mission(homes[0], [(at(2, 7), at(2, 19), 60)])
    person = pool.pool_profile()
    from app.replacements.models import Availability
    day = MONDAY + timedelta(days=2)
    db.session.add_all([Availability(profile_id=person.id, day=day, slot="morning",
                                     level="available"),
                        Availability(profile_id=person.id, day=day, slot="afternoon",
                                     level="last_resort")])
    db.session.commit()
    assert _ids(mission, levels=("last_resort",)) == [person.id]


def test_an_overlap_with_a_night_held_elsewhere_across_midnight(homes):
    person, mission = _scene(homes, [(at(3, 6), at(3, 13))])
    _hold(person, homes[1], (at(2, 22), at(3, 6, 30)))
    assert _ids(mission) == []
    assert eligibility.refusals(mission, person) == ["overlap"]


def test_eleven_hours_of_rest_after_a_night(homes):
    person, mission = _scene(homes, [(at(3, 16), at(3, 20))])
    _hold(person, homes[1], (at(2, 22), at(3, 6)))  # 10 h of rest only
    assert eligibility.refusals(mission, person) == ["rest"]
    rested, later = _scene(homes, [(at(3, 17), at(3, 21))])
    _hold(rested, homes[1], (at(2, 22), at(3, 6)))  # exactly 11 h
    assert rested.id in _ids(later)


def test_twelve_hours_in_any_24_across_midnight_and_employers(homes):
    # 6 h of evening elsewhere, then 11 h of rest, then 7 h here: 13 h within 24 h.
    person, mission = _scene(homes, [(at(3, 12), at(3, 19))])
    _hold(person, homes[1], (at(2, 19), at(3, 1)))
    assert eligibility.refusals(mission, person) == ["day_hours"]
    # The break is not work: with 60 min of break, 12 h exactly.
    fine, with_break = _scene(homes, [(at(3, 12), at(3, 19), 60)])
    _hold(fine, homes[1], (at(2, 19), at(3, 1)))
    assert fine.id in _ids(with_break)


def test_a_single_shift_over_twelve_hours(homes):
    person, mission = _scene(homes, [(at(2, 19), at(3, 8))])
    assert eligibility.refusals(mission, person) == ["day_hours"]


def test_48_hours_in_a_week_spanning_two_employers(homes):
    person, mission = _scene(homes, [(at(4, 8), at(4, 18))])  # Friday, 10 h here
    for day in range(4):  # Monday to Thursday, 10 h a day at the other employer
        _hold(person, homes[1], (at(day, 8), at(day, 18)))
    assert eligibility.refusals(mission, person) == ["week_hours"]
    assert _ids(mission) == []


def test_48_hours_in_any_7_days_not_only_a_calendar_week(homes):
    person, mission = _scene(homes, [(at(7, 8), at(7, 18))])  # the next Monday
    for day in range(3, 7):  # Thursday to Sunday before
        _hold(person, homes[1], (at(day, 8), at(day, 18)))
    assert eligibility.refusals(mission, person) == ["week_hours"]


def test_the_persons_own_ceiling(homes):
    person, mission = _scene(homes, [(at(4, 8), at(4, 16))], ceiling=35)
    for day in range(3):
        _hold(person, homes[1], (at(day, 8), at(day, 18)))  # 30 h
    assert eligibility.refusals(mission, person) == ["ceiling"]
    (found,) = eligibility.eligible(pool.mission(homes[0], [(at(4, 8), at(4, 13))]),
                                    levels=("available", "unavailable"))
    assert found.week_minutes == 30 * 60


def test_ended_assignments_hold_no_hours(homes):
    person, mission = _scene(homes, [(at(2, 8), at(2, 16))])
    _hold(person, homes[1], (at(2, 8), at(2, 16)), status="withdrawn")
    _hold(person, homes[1], (at(2, 9), at(2, 12)), status="applied")
    assert _ids(mission) == [person.id]


def test_an_establishments_monthly_quota_counts_its_own_hours_only(homes):
    day = date(MONDAY.year, MONDAY.month, 1) + timedelta(days=40)
    day = day.replace(day=10)  # a month wholly to come

    def on(n, hour):
        return to_utc(day + timedelta(days=n), time(hour))

    person = pool.pool_profile()
    mission = pool.mission(homes[0], [(on(0, 8), on(0, 16))])  # 8 h
    pool.available(person, mission)
    db.session.add(PersonQuota(establishment_id=homes[0].id, profile_id=person.id,
                               monthly_hours=20))
    db.session.commit()
    _hold(person, homes[1], (on(-8, 8), on(-8, 18)))  # elsewhere: not counted
    assert eligibility.refusals(mission, person) == []
    _hold(person, homes[0], (on(-5, 8), on(-5, 18)), status="done")  # here: 10 + 8 ≤ 20
    assert eligibility.refusals(mission, person) == []
    _hold(person, homes[0], (on(5, 8), on(5, 11)))  # 13 + 8 > 20
    assert eligibility.refusals(mission, person) == ["quota"]


def test_network_first_and_network_only(homes):
    mission = pool.mission(homes[0], [(at(2, 7), at(2, 14))])
    stranger = pool.pool_profile()
    declared = pool.pool_profile(at=(pool.VIRE[0] + 0.1, pool.VIRE[1]), employers=[homes[0]])
    worked = pool.pool_profile(at=(pool.VIRE[0] + 0.05, pool.VIRE[1]))
    _hold(worked, homes[0], (at(-20, 8), at(-20, 12)), status="done")
    for person in (stranger, declared, worked):
        pool.available(person, mission)
    assert _ids(mission) == [worked.id, declared.id, stranger.id]
    assert _ids(mission, network_only=True) == [worked.id, declared.id]
    assert _ids(mission, limit=1) == [worked.id]


def test_alerted_people_and_unchecked_profiles_are_left_out(homes):
    mission = pool.mission(homes[0], [(at(2, 7), at(2, 14))])
    alerted, paused, fresh = (pool.pool_profile(status=s) for s in ("approved", "paused",
                                                                     "approved"))
    for person in (alerted, paused, fresh):
        pool.available(person, mission)
    db.session.add(MissionAlert(mission_id=mission.id, profile_id=alerted.id, tier=1, wave=1))
    db.session.commit()
    assert _ids(mission) == [fresh.id]
    assert set(_ids(mission, exclude_alerted=False)) == {alerted.id, fresh.id}


def test_reasons_count_each_person_under_the_first_rule_broken(homes):
    mission = pool.mission(homes[0], [(at(3, 16), at(3, 20))], diplomas=("DEAS",))
    pool.pool_profile(diplomas=())
    pool.pool_profile(at=(pool.VIRE[0] + 1, pool.VIRE[1]))
    pool.pool_profile()  # nothing said
    tired = pool.pool_profile()
    pool.available(tired, mission)
    _hold(tired, homes[1], (at(2, 22), at(3, 6)))
    pool.pool_profile(occupation="K1301")  # another trade: not counted
    assert eligibility.reasons(mission) == {"diploma": 1, "distance": 1, "unavailable": 1,
                                            "rest": 1}
    assert set(eligibility.REASONS) >= {"diploma", "distance", "unavailable", "rest"}
