"""Measure the replacement pool's alerting (issue 16), on SQLite or PostgreSQL.

    python bench/replacement_waves.py [--database postgresql://…] [--people 200] [--rounds 5] [--send]

A wave of `people` alerted at once — eligibility.eligible() choosing
them, one MissionAlert each, their messages written by policy.notify and one
delivery task each queued in a real store (huey's SQLite file, or the
PostgreSQL database itself) — timed from the wave task's start to its return,
for `rounds` new missions. The database is a file of its own unless
--database names one (emptied first: a test server of scripts/pg-test-server.sh).
"""
import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, time as clock_time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


WAVE_AT = (48.8385, -0.8891)  # Vire


def _wave_app(url, root):
    from app import create_app
    config = {"DATABASE_URL": url, "SECRET_KEY": "bench", "BASE_URL": "http://127.0.0.1",
              "UPLOAD_FOLDER": str(root / "uploads"), "SEARCH_INDEX": str(root / "search"),
              "OUTBOX": str(root / "outbox"), "SMS_OUTBOX": str(root / "sms-outbox")}
    if url.startswith("sqlite"):
        config["TASKS_URL"] = f"sqlite:///{root / 'tasks.sqlite'}"
    return create_app(config)


def _wave_schema(url):
    from flask_migrate import upgrade
    from sqlalchemy import text

    from app import tasks
    from app.extensions import db
    if url.startswith("postgresql"):
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE; "
                                    "DROP SCHEMA IF EXISTS task_queue CASCADE; "
                                    "CREATE SCHEMA public"))
    upgrade(directory=str(ROOT / "migrations"))
    tasks.prepare_store()


def _wave_people(people, rounds, day):
    """One establishment, its policy (waves of `people`), `people` professionals available
    on `day`, and `rounds` missions that day; returns the mission ids."""
    from app.auth.models import User
    from app.extensions import db
    from app.members.models import Establishment
    from app.replacements import models as m
    from app.timeutil import to_utc, utcnow
    now = utcnow()
    db.session.execute(Establishment.__table__.insert(), [dict(
        id=1, name="EHPAD du Bocage", kind="ehpad", finess="140000001", address="1 rue de la Gare",
        postcode="14500", commune="Vire Normandie", status="active")])
    db.session.add(m.AlertPolicy(establishment_id=1, reach="pool", wave_delay_minutes=20,
                                 wave_size=people))
    db.session.execute(User.__table__.insert(), [dict(
        id=n, email=f"pro{n}@example.org", password_hash="x", first_name="Camille",
        last_name=f"Pro{n}", role="candidate", created_at=now) for n in range(1, people + 1)])
    db.session.execute(m.ReplacementProfile.__table__.insert(), [dict(
        id=n, user_id=n, status="approved", home_insee="14762", home_commune="Vire Normandie",
        latitude=WAVE_AT[0], longitude=WAVE_AT[1], radius_km=30, weekly_ceiling_hours=48,
        consent_at=now, consent_version=m.CONSENT_VERSION, feed_token=f"feed-{n}",
        created_at=now, updated_at=now) for n in range(1, people + 1)])
    db.session.execute(m.ProfileOccupation.__table__.insert(), [
        dict(profile_id=n, occupation="J1501") for n in range(1, people + 1)])
    db.session.execute(m.Availability.__table__.insert(), [
        dict(profile_id=n, day=day, slot=slot, level="available")
        for n in range(1, people + 1) for slot in m.SLOTS])
    starts = to_utc(day, clock_time(8))
    missions = [m.Mission(establishment_id=1, occupation="J1501", mode="first", reach="pool",
                          insee="14762", commune="Vire Normandie", latitude=WAVE_AT[0],
                          longitude=WAVE_AT[1], starts_at=starts,
                          ends_at=starts + timedelta(hours=7), fill_by=starts - timedelta(hours=2),
                          shifts=[m.MissionShift(starts_at=starts,
                                                 ends_at=starts + timedelta(hours=7))])
                for _ in range(rounds)]
    db.session.add_all(missions)
    db.session.commit()
    return [mission.id for mission in missions]


def measure_wave(url, root, people=200, rounds=5, send=False):
    """Seconds to alert and queue a wave of `people`, one figure per new mission; with
    `send`, then the seconds one worker takes to write and send every message."""
    from app import tasks
    from app.replacements import alerts
    from app.replacements.models import MissionAlert
    from app.extensions import db
    from app.notifications.models import SentMessage
    from app.timeutil import local_today
    from sqlalchemy import func, select
    app = _wave_app(url, root)
    with app.app_context():
        _wave_schema(url)
        tasks.huey.flush()
        ids = _wave_people(people, rounds, local_today() + timedelta(days=3))
        times = []
        for mission_id in ids:
            started = time.perf_counter()
            sent = alerts.send_wave(mission_id, 0, False)
            times.append(time.perf_counter() - started)
            assert sent == people, f"{sent} alerted instead of {people}"
        alerted = db.session.scalar(select(func.count(MissionAlert.id)))
        queued = tasks.huey.pending_count()
        started = time.perf_counter()
        while send and (task := tasks.huey.dequeue()) is not None:  # one worker
            tasks.huey.execute(task)
        drained = time.perf_counter() - started
        tasks.huey.flush()
        sent = db.session.scalar(select(func.count(SentMessage.id)).where(
            SentMessage.status == "sent"))
        db.session.remove()
        db.engine.dispose()
    return times, alerted, queued, (drained, sent)


def report_wave(url, root, people, rounds, send):
    times, alerted, queued, (drained, sent) = measure_wave(url, root, people, rounds, send)
    name = url.split(":", 1)[0].split("+", 1)[0]
    each = ", ".join(f"{t * 1000:.0f}" for t in times)
    print(f"[{name}] a wave of {people} alerted and queued: median "
          f"{statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms "
          f"(ms, the first one cold: {each}); {alerted} alerts recorded, {queued} tasks queued "
          f"(messages by 20, and each mission's next wave)")
    if send:
        print(f"[{name}] then one worker wrote and sent their {sent} messages in {drained:.1f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="a PostgreSQL test server's URL (emptied first)")
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--send", action="store_true", help="then send the messages (slow)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gtec-bench-") as folder:
        root = Path(folder)
        url = args.database or f"sqlite:///{root / 'bench.sqlite'}"
        report_wave(url, root, args.people, args.rounds, args.send)


if __name__ == "__main__":
    main()
