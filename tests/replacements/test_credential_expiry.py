"""A credential that lapses (issue 18), on a clock the test moves: the holder and the
members warned 90 then 30 days before (once each), and at expiry the assignments
that no longer qualify withdrawn where the establishment blocks, everyone told."""
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from app import timeutil
from app.credentials.models import Credential
from app.extensions import db
from app.replacements import expiry
from app.replacements.models import AlertPolicy, CredentialNotice, MissionCredential
from app.timeutil import to_utc, utcnow
from tests import factories
from tests.replacements import factories as pool

REAL_TODAY = timeutil.local_today()
EXPIRES = REAL_TODAY + timedelta(days=60)


@pytest.fixture
def clock(monkeypatch):
    """timeutil.utcnow moved by whole days from now."""
    real = timeutil.utcnow
    offset = {"days": 0}
    monkeypatch.setattr(timeutil, "utcnow", lambda: real() + timedelta(days=offset["days"]))

    def move_to(day):
        offset["days"] = (day - REAL_TODAY).days
        return day
    return move_to


@pytest.fixture
def scene(app):
    """An AES... here an aide-soignante whose AFGSU 2 lapses in 60 days, booked after that
    on a night of a blocking EHPAD and of a warning SSIAD, and on a day needing no AFGSU."""
    blocking = factories.establishment(name="EHPAD Les Tilleuls")
    warning = factories.establishment(name="SSIAD du Bocage")
    db.session.add(AlertPolicy(establishment_id=warning.id, credential_rule="warn"))
    authors = [factories.user("member", establishment=home, email=f"{name}@example.org")
               for home, name in ((blocking, "ehpad"), (warning, "ssiad"))]
    person = pool.pool_profile()
    db.session.add(Credential(holder_id=person.user_id, type="AFGSU2",
                              obtained_on=EXPIRES.replace(year=EXPIRES.year - 4),
                              expires_on=EXPIRES, verified_at=utcnow(), verified_by_name="T"))
    missions = []
    for n, (home, author, extra) in enumerate(((blocking, authors[0], "AFGSU2"),
                                               (warning, authors[1], "AFGSU2"),
                                               (blocking, authors[0], None))):
        day = EXPIRES + timedelta(days=5 + n)
        mission = pool.mission(home, [(to_utc(day, time(21)),
                                       to_utc(day + timedelta(days=1), time(7)))])
        mission.author_id = author.id
        mission.credentials = [MissionCredential(type=extra)] if extra else []
        pool.booking(person, mission)
        missions.append(mission)
    db.session.commit()
    return person, authors, missions


def _subjects(outbox, address):
    return [message["Subject"] for message in outbox.to(address)]


def test_warned_at_90_then_30_days_once_each_then_withdrawn_at_expiry(
        app, clock, scene, outbox):
    person, authors, (strict, lenient, plain) = scene
    ehpad, ssiad = (author.email for author in authors)
    holder = person.user.email
    clock(EXPIRES - timedelta(days=90))
    assert expiry.run() == (1, 0)
    assert expiry.run() == (0, 0)  # the same day again, or the next day: nothing more
    clock(EXPIRES - timedelta(days=89))
    assert expiry.run() == (0, 0)
    assert _subjects(outbox, holder) == ["Votre AFGSU niveau 2 expire dans 90 jour(s)"]
    body = outbox.body(outbox.last_to(ehpad))
    assert "expire le" in body and "dans 90 jour(s)" in body and body.count("\n- ") == 1
    assert len(outbox.to(ssiad)) == 1  # the SSIAD's night needs it too (it only warns)
    clock(EXPIRES - timedelta(days=30))
    assert expiry.run() == (1, 0) and expiry.run() == (0, 0)
    assert len(outbox.to(holder)) == 2 and len(outbox.to(ehpad)) == 2
    clock(EXPIRES)  # its last valid day: nothing withdrawn yet
    assert expiry.run() == (0, 0)
    assert strict.assignments[0].status == "booked"

    clock(EXPIRES + timedelta(days=1))
    assert expiry.run() == (0, 1)
    db.session.expire_all()
    assert strict.assignments[0].status == "withdrawn"
    assert "Attestation expirée" in strict.assignments[0].reason
    assert strict.status == "open"  # re-opened, alerted again
    assert lenient.assignments[0].status == "booked"  # the SSIAD only warns
    assert plain.assignments[0].status == "booked"  # needs no AFGSU
    assert "a expiré" in outbox.last_to(holder)["Subject"]
    assert "retiré(e) des missions" in outbox.body(outbox.last_to(holder))
    assert outbox.last_to(ehpad)["Subject"].startswith("Personne retirée")
    assert len(outbox.to(ssiad)) == 2
    assert expiry.run() == (0, 0)  # once
    assert len(outbox.to(holder)) == 3
    kinds = db.session.scalars(select(CredentialNotice.kind)).all()
    assert sorted(kinds) == ["d30", "d90", "expired"]


def test_first_seen_20_days_before_only_the_30_day_warning(app, clock, scene, outbox):
    person, _authors, _missions = scene
    clock(EXPIRES - timedelta(days=20))
    assert expiry.run() == (1, 0)
    clock(EXPIRES - timedelta(days=19))
    assert expiry.run() == (0, 0)
    assert _subjects(outbox, person.user.email) == [
        "Votre AFGSU niveau 2 expire dans 20 jour(s)"]


def test_a_renewed_credential_is_warned_again_for_its_new_date(app, clock, scene, outbox):
    person, _authors, (strict, _lenient, _plain) = scene
    clock(EXPIRES - timedelta(days=30))
    assert expiry.run() == (1, 0)
    credential = db.session.scalar(select(Credential).filter_by(type="AFGSU2"))
    credential.expires_on = EXPIRES + timedelta(days=4 * 365)
    db.session.commit()
    clock(EXPIRES + timedelta(days=1))
    assert expiry.run() == (0, 0)  # renewed: nothing lapsed
    assert strict.assignments[0].status == "booked"


def test_the_daily_task_is_registered(app):
    from app import tasks
    assert "replacements_credential_expiry" in tasks.PERIODIC
