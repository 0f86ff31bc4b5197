"""Credentials in the eligibility (issue 18): the occupation's and the mission's, and
what each establishment does with an expired or unverified one (bloquer / avertir)."""
from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from app.credentials.models import Credential
from app.errors import InvalidTransition
from app.extensions import db
from app.replacements import booking, eligibility
from app.replacements.models import AlertPolicy, Mission, MissionAlert, MissionCredential
from app.timeutil import local_today, to_utc, utcnow
from tests import factories
from tests.queries import count_queries
from tests.replacements import factories as pool
from tests.replacements.test_member_post import URL as POST_URL, form as mission_form

DAY = local_today() + timedelta(days=10)
NIGHT = [(to_utc(DAY, time(21)), to_utc(DAY + timedelta(days=1), time(7)))]


@pytest.fixture
def homes(app):
    """An establishment that blocks (the default) and one that only warns."""
    blocking = factories.establishment(name="EHPAD Les Tilleuls")
    warning = factories.establishment(name="SSIAD du Bocage")
    db.session.add(AlertPolicy(establishment_id=warning.id, credential_rule="warn"))
    db.session.commit()
    return blocking, warning


def _night(establishment, *extra):
    mission = pool.mission(establishment, NIGHT)
    mission.credentials = [MissionCredential(type=code) for code in extra]
    db.session.commit()
    return mission


def _afgsu(profile, **fields):
    values = dict(holder_id=profile.user_id, type="AFGSU2", obtained_on=date(2024, 1, 10),
                  verified_at=utcnow(), verified_by_name="Test")
    values.update(fields)
    db.session.add(Credential(**values))
    db.session.commit()


def _person(*missions, skip=False, **credential):
    """A pool person available for `missions`, holding an AFGSU 2 (with `credential`'s
    fields) unless `skip`."""
    person = pool.pool_profile()
    if not skip:
        _afgsu(person, **credential)
    for mission in missions:
        pool.available(person, mission)
    return person


def _ids(mission):
    return [c.profile_id for c in eligibility.eligible(mission)]


def test_the_occupation_requires_its_credential(homes):
    mission = pool.mission(homes[0], NIGHT)
    holder = pool.pool_profile()
    without = pool.pool_profile()
    db.session.execute(Credential.__table__.delete().where(
        Credential.holder_id == without.user_id))
    db.session.commit()
    for person in (holder, without):
        pool.available(person, mission)
    assert mission.credential_codes == {"DEAS"}
    assert _ids(mission) == [holder.id]
    assert eligibility.refusals(mission, without) == ["credential"]


def test_a_mission_adds_a_credential(homes):
    mission = _night(homes[0], "AFGSU2")
    plain = _person(mission, skip=True)
    holder = _person(mission)
    assert mission.credential_codes == {"DEAS", "AFGSU2"}
    assert _ids(mission) == [holder.id]
    assert eligibility.refusals(mission, plain) == ["credential"]


@pytest.mark.parametrize("state", ["expired", "unverified"])
def test_blocking_and_warning_per_establishment(homes, state):
    blocking, warning = homes
    fields = ({"expires_on": local_today() - timedelta(days=1)} if state == "expired"
              else {"verified_at": None, "verified_by_name": None})
    strict, lenient = _night(blocking, "AFGSU2"), _night(warning, "AFGSU2")
    person = _person(strict, lenient, **fields)
    missing = _person(strict, lenient, skip=True)
    assert _ids(strict) == [] and eligibility.refusals(strict, person) == ["credential"]
    assert _ids(lenient) == [person.id]  # warned, eligible
    assert eligibility.refusals(lenient, missing) == ["credential"]  # missing: always refused
    assert eligibility.credential_warnings(lenient, [person.id, missing.id]) == {
        person.id: ["AFGSU niveau 2"]}


def test_blocked_people_are_not_alerted_and_cannot_accept(homes):
    strict = _night(homes[0], "AFGSU2")
    expired = _person(strict, expires_on=local_today() - timedelta(days=1))
    valid = _person(strict)
    assert _ids(strict) == [valid.id]
    db.session.add_all(MissionAlert(mission_id=strict.id, profile_id=person.id, tier=1, wave=1)
                       for person in (expired, valid))  # alerted before it lapsed
    db.session.commit()
    with pytest.raises(InvalidTransition, match="attestations demandées"):
        booking.accept(expired.user, strict.id)
    assert booking.accept(valid.user, strict.id).status == "booked"


def test_reasons_count_people_missing_a_credential_once(homes):
    strict = _night(homes[0], "AFGSU2")
    _person(strict, skip=True)
    _person(strict, verified_at=None, verified_by_name=None)
    far = _person(strict, skip=True)
    far.latitude += 2  # far and without it: counted under the first rule, the credential
    db.session.commit()
    _person(strict)
    assert eligibility.reasons(strict) == {"credential": 3}


def test_the_rule_is_one_query_whatever_the_pool(homes):
    strict = _night(homes[0], "AFGSU2")
    for _ in range(3):
        _person(strict)
    with count_queries() as few:
        eligibility.eligible(strict)
    for _ in range(6):
        _person(strict, skip=True)
        _person(strict)
    with count_queries() as many:
        assert len(eligibility.eligible(strict)) == 9
    assert len(many) == len(few)


def test_the_member_adds_credentials_to_a_mission_and_sees_the_warning(
        client, auth, member_a, establishment_a):
    db.session.add(AlertPolicy(establishment_id=establishment_a.id, credential_rule="warn"))
    db.session.commit()
    auth.login(member_a)
    response = client.post(POST_URL, data=mission_form(credentials=["AFGSU2", "BREVET"]))
    assert response.status_code == 400 and "Attestation inconnue" in response.text
    assert db.session.scalar(select(func.count(Mission.id))) == 0
    response = client.post(POST_URL, data=mission_form(credentials=["AFGSU2"]))
    assert response.status_code == 302
    mission = db.session.scalar(select(Mission))
    assert mission.credential_codes == {"DEAS", "AFGSU2"}
    person = _person(mission, expires_on=local_today() - timedelta(days=1))
    booking_row = pool.booking(person, mission, status="applied")
    page = client.get(f"/replacements/manage/missions/{mission.id}").text
    assert "AFGSU niveau 2 expiré(e) ou non vérifié(e)" in page
    booking.pick(member_a, booking_row.id)  # the establishment warns: it may still pick
    assert booking_row.status == "booked"


def test_an_unfilled_mission_says_how_many_would_qualify_with_the_credential(
        app, homes, outbox):
    strict = _night(homes[0], "AFGSU2")
    author = factories.user("member", establishment=homes[0], email="ehpad@example.org")
    strict.author_id = author.id
    for _ in range(2):
        _person(strict, skip=True)  # would qualify with an AFGSU 2
    _person(strict, expires_on=local_today() - timedelta(days=1))  # with it renewed
    far = _person(strict, skip=True)
    far.latitude += 2  # lacks it, but too far anyway
    _person(skip=True)  # lacks it, and not available
    db.session.commit()
    assert eligibility.would_qualify(strict) == {"AFGSU2": 3}
    strict.fill_by = utcnow() - timedelta(minutes=1)
    db.session.commit()
    from app.replacements import alerts
    with app.test_request_context():
        assert alerts.expire(strict.id)
    body = outbox.body(outbox.last_to(author.email))
    assert f"{eligibility.REASONS['credential']} : 5" in body
    assert "AFGSU niveau 2 : 3 personne(s)" in body


def test_the_unfilled_mail_names_the_next_session_granting_the_credential(
        app, homes, outbox):
    strict = _night(homes[0], "AFGSU2")
    author = factories.user("member", establishment=homes[0], email="ehpad@example.org")
    strict.author_id = author.id
    _person(strict, skip=True)  # would qualify with an AFGSU 2
    trainer = factories.establishment(name="IFSI de Vire")
    factories.training_session(trainer, days_ahead=40, title="AFGSU 2 — plus tard",
                               grants_credential="AFGSU2")
    factories.training_session(trainer, days_ahead=20, title="AFGSU 2 — recyclage",
                               grants_credential="AFGSU2")
    factories.training_session(trainer, days_ahead=5, title="AFGSU 2 — trop tard",
                               grants_credential="AFGSU2",
                               registration_deadline=local_today() - timedelta(days=1))
    factories.training_session(trainer, days_ahead=3, title="SST", grants_credential="SST")
    strict.fill_by = utcnow() - timedelta(minutes=1)
    db.session.commit()
    from app.replacements import alerts
    with app.test_request_context():
        assert alerts.expire(strict.id)
    body = outbox.body(outbox.last_to(author.email))
    assert ("AFGSU niveau 2 : 1 personne(s) ; prochaine session qui la délivre : "
            "AFGSU 2 — recyclage") in body and "IFSI de Vire" in body
    assert "plus tard" not in body and "trop tard" not in body and "SST" not in body
