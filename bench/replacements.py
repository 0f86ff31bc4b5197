"""Measure the replacement engine on a generated territory, on SQLite and PostgreSQL.

    python bench/replacements.py [--postgres] [--professionals 5000]
                                 [--establishments 200] [--shifts 200000] [--rounds 10]

Generates professionals around Vire with their occupations, diplomas, radius
and two weeks of availability, establishments, and past and coming missions
whose shifts are held by the pool; then prints
- the time of eligibility.eligible() for new missions (every rule, counted
  across every establishment), p50 / p95 / max, and of reasons();
- the acceptance path (booking.accept, its unit of work and the messages
  queued after the commit) with 20 processes accepting the same "premier qui
  accepte" mission at once, `rounds` times: p50 / p95 / max over every answer.
The database is a file of its own, or with --postgres a server of its own on
127.0.0.1 (scripts/pg-test-server.sh), removed at the end. Nothing else is
reached; the counts and rounds bound the run.
"""
import argparse
import multiprocessing
import random
import statistics
import subprocess  # nosec B404: our own script, fixed arguments
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VIRE = (48.8385, -0.8891)
OCCUPATIONS = {"J1501": "DEAS", "K1301": "DEAES", "J1506": "DEI", "K1302": "ADVF",
               "J1301": None}
SLOTS = ("morning", "afternoon", "night", "day")
ACCEPTING = 20


def make(url, root):
    from app import create_app
    config = {"DATABASE_URL": url, "SECRET_KEY": "bench", "BASE_URL": "http://127.0.0.1",
              "UPLOAD_FOLDER": str(root / "uploads"), "SEARCH_INDEX": str(root / "search"),
              "OUTBOX": str(root / "outbox"), "SMS_OUTBOX": str(root / "sms-outbox")}
    if url.startswith("sqlite"):
        config["TASKS_URL"] = f"sqlite:///{root.parent / 'tasks.sqlite'}"
    return create_app(config)


def _insert(model, rows):
    from app.extensions import db
    for start in range(0, len(rows), 5000):
        db.session.execute(model.__table__.insert(), rows[start:start + 5000])


def generate(args, rng):
    """The territory; returns (establishment ids, member ids by establishment)."""
    from app.auth.models import User
    from app.extensions import db
    from app.members.models import Establishment
    from app.replacements import models as m
    from app.seed import luhn_complete
    now = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)
    _insert(Establishment, [dict(
        id=n, name=f"Établissement {n}", kind="ehpad", siret=luhn_complete(f"{n:013d}"),
        address=f"{n} rue de la Paix", postcode="14500", commune="Vire Normandie",
        status="active") for n in range(1, args.establishments + 1)])
    people = args.professionals
    _insert(User, [dict(id=n, email=f"pro{n}@example.org", password_hash="x",
                        first_name="Camille", last_name=f"Pro{n}", role="candidate",
                        created_at=now) for n in range(1, people + 1)])
    _insert(User, [dict(id=people + e, email=f"member{e}@example.org", password_hash="x",
                        first_name="Dominique", last_name=f"Membre{e}", role="member",
                        establishment_id=e, created_at=now)
                   for e in range(1, args.establishments + 1)])
    profiles, jobs = [], {}
    for n in range(1, people + 1):
        jobs[n] = rng.choice(list(OCCUPATIONS))
        profiles.append(dict(
            id=n, user_id=n, status="approved", home_insee="14762", home_commune="Vire",
            latitude=VIRE[0] + rng.uniform(-0.5, 0.5), longitude=VIRE[1] + rng.uniform(-0.7, 0.7),
            radius_km=rng.choice((10, 20, 30, 50)), weekly_ceiling_hours=rng.choice((35, 42, 48)),
            consent_at=now, consent_version="2026-12", feed_token=f"feed{n}",
            created_at=now, updated_at=now))
    _insert(m.ReplacementProfile, profiles)
    _insert(m.ProfileOccupation, [dict(profile_id=n, occupation=j) for n, j in jobs.items()])
    _insert(m.ProfileDiploma, [dict(profile_id=n, diploma=OCCUPATIONS[j])
                               for n, j in jobs.items() if OCCUPATIONS[j]])
    _insert(m.ProfileEmployer, [dict(profile_id=n, establishment_id=rng.randint(
        1, args.establishments)) for n in range(1, people + 1, 3)])
    today = now.date()
    _insert(m.Availability, [dict(profile_id=n, day=today + timedelta(days=d), slot=slot,
                                  level=rng.choice(("available", "available", "last_resort")))
                             for n in range(1, people + 1) for d in range(15)
                             for slot in SLOTS if rng.random() < 0.4])
    _missions(args, rng, now, jobs)
    if db.engine.dialect.name == "postgresql":  # ids were given: the sequences go past them
        from sqlalchemy import text
        for model in (Establishment, User, m.ReplacementProfile, m.Mission, m.MissionShift):
            table = model.__table__.name
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                                    f"(SELECT max(id) FROM \"{table}\"))"))
        db.session.execute(text("ANALYZE"))
    db.session.commit()


def _missions(args, rng, now, jobs):
    """Missions of one to three shifts over the past 20 weeks and the coming 3, each held
    by one professional of its occupation: `args.shifts` shifts in all."""
    from app.replacements import models as m
    missions, shifts, assignments, shift_id, mission_id = [], [], [], 0, 0
    while shift_id < args.shifts:
        mission_id += 1
        person = rng.randint(1, args.professionals)
        start = now + timedelta(hours=rng.randint(-20 * 7 * 24, 3 * 7 * 24))
        count = min(rng.randint(1, 3), args.shifts - shift_id)
        rows = []
        for k in range(count):
            shift_id += 1
            begins = start + timedelta(days=k)
            rows.append(dict(id=shift_id, mission_id=mission_id, starts_at=begins,
                             ends_at=begins + timedelta(hours=rng.choice((7, 8, 10, 12))),
                             break_minutes=rng.choice((0, 30, 60))))
        shifts += rows
        past = rows[-1]["ends_at"] < now
        missions.append(dict(
            id=mission_id, establishment_id=rng.randint(1, args.establishments),
            occupation=jobs[person], mode="first", reach="pool",
            status="done" if past else "filled", insee="14762", commune="Vire",
            latitude=VIRE[0], longitude=VIRE[1], starts_at=rows[0]["starts_at"],
            ends_at=rows[-1]["ends_at"], fill_by=rows[0]["starts_at"], withdraw_hours=24,
            tier=1, wave=1, published_at=now, created_at=now, site="", note=""))
        assignments.append(dict(mission_id=mission_id, profile_id=person,
                                status="done" if past else "booked", created_at=now))
    _insert(m.Mission, missions)
    _insert(m.MissionShift, shifts)
    _insert(m.Assignment, assignments)


def new_mission(rng, establishment, day, night, occupation="J1501", mode="first"):
    from app.extensions import db
    from app.replacements.models import Mission, MissionDiploma, MissionShift
    from app.timeutil import to_utc
    from datetime import time as clock
    start = to_utc(day, clock(21) if night else clock(7))
    shift = MissionShift(starts_at=start, ends_at=start + timedelta(hours=10 if night else 8))
    mission = Mission(establishment_id=establishment, occupation=occupation, mode=mode,
                      insee="14762", commune="Vire", latitude=VIRE[0] + rng.uniform(-0.2, 0.2),
                      longitude=VIRE[1] + rng.uniform(-0.2, 0.2), shifts=[shift],
                      starts_at=shift.starts_at, ends_at=shift.ends_at,
                      fill_by=shift.starts_at, diplomas=[MissionDiploma(diploma="DEAS")])
    db.session.add(mission)
    db.session.commit()
    return mission


def percentiles(times):
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return (f"p50 {statistics.median(times) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
            f"max {times[-1] * 1000:.1f} ms over {len(times)}")


def measure_eligible(rng, args):
    from sqlalchemy import event
    from app.extensions import db
    from app.replacements import eligibility
    timings, found, reasons, cpu, queries = [], [], [], [], set()
    statements = []
    count = lambda *_args: statements.append(1)  # noqa: E731
    for n in range(30):
        mission = new_mission(rng, rng.randint(1, args.establishments),
                              date.today() + timedelta(days=2 + n % 10), night=n % 2 == 0)
        _loaded = (mission.latitude, mission.shifts, mission.diploma_codes)  # not counted
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        started, processor = time.perf_counter(), time.process_time()
        found.append(len(eligibility.eligible(mission)))
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - processor)
        event.remove(db.engine, "before_cursor_execute", count)
        queries.add(len(statements))
        started = time.perf_counter()
        eligibility.reasons(mission)
        reasons.append(time.perf_counter() - started)
    print(f"eligible(): {percentiles(timings)}; {statistics.mean(found):.0f} people found "
          f"on average; {'/'.join(map(str, sorted(queries)))} SQL queries each; CPU time of "
          f"this process (the database's own on SQLite): {percentiles(cpu)}")
    print(f"reasons():  {percentiles(reasons)}")


def _accepting(url, root, jobs, barrier, results):
    """One professional's process: accept each round's mission at the same instant."""
    from app.auth.models import User
    from app.errors import InvalidTransition
    from app.extensions import db
    from app.replacements import booking
    app = make(url, root)
    with app.app_context():
        for user_id, mission_id in jobs:
            user = db.session.get(User, user_id)
            db.session.commit()
            barrier.wait(timeout=900)
            started = time.perf_counter()
            try:
                booking.accept(user, mission_id)
                outcome = "won"
            except InvalidTransition:
                db.session.rollback()
                outcome = "filled"
            results.put((outcome, time.perf_counter() - started))
        db.engine.dispose()


def _needed(mission):
    """The first way of covering each shift of `mission` in the calendar."""
    from app.replacements.eligibility import slot_options
    return [slot_options(s.starts_at, s.ends_at)[0] for s in mission.shifts]


def measure_acceptance(rng, args, url, root):
    """20 processes, each accepting the same mission at once, `args.rounds` times."""
    from app.extensions import db
    from app.replacements import eligibility
    from app.replacements.models import Availability, MissionAlert
    rounds = []
    for n in range(args.rounds):  # a week apart: the winner of one is free for the next
        mission = new_mission(rng, 1, date.today() + timedelta(days=21 + 7 * n), night=False)
        people = [c.profile_id for c in eligibility.eligible(
            mission, levels=("available", "last_resort", "unavailable"), limit=ACCEPTING)]
        if len(people) < ACCEPTING:
            sys.exit(f"only {len(people)} people may take the mission: generate more")
        db.session.add_all([MissionAlert(mission_id=mission.id, profile_id=p, tier=1, wave=1)
                            for p in people])
        db.session.add_all([Availability(profile_id=p, day=day, slot=slot, level="available")
                            for p in people for option in _needed(mission)
                            for day, slot in option])
        db.session.commit()
        rounds.append((mission.id, people))
    db.engine.dispose()
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(ACCEPTING), context.Queue()
    processes = [context.Process(target=_accepting, args=(
        url, root / f"p{k}", [(people[k], mission_id) for mission_id, people in rounds],
        barrier, results)) for k in range(ACCEPTING)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=900) for _ in range(ACCEPTING * args.rounds)]
    for process in processes:
        process.join(timeout=60)
    won = sum(1 for outcome, _t in outcomes if outcome == "won")
    print(f"accept() with {ACCEPTING} processes at once, {args.rounds} rounds: "
          f"{percentiles([t for _o, t in outcomes])}; {won} won (one per round)")


def run(args, url, root):
    from flask_migrate import upgrade
    from app import tasks
    from app.extensions import db
    app = make(url, root / "main")
    with app.app_context():
        upgrade()
        tasks.prepare_store()
        rng = random.Random(16)
        started = time.perf_counter()
        generate(args, rng)
        print(f"{db.engine.dialect.name}: {args.professionals} professionals, "
              f"{args.establishments} establishments, {args.shifts} shifts generated in "
              f"{time.perf_counter() - started:.0f} s")
        measure_eligible(rng, args)
        measure_acceptance(rng, args, url, root)
        db.engine.dispose()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--professionals", type=int, default=5000)
    parser.add_argument("--establishments", type=int, default=200)
    parser.add_argument("--shifts", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="gtec-bench-replacements."))
    if not args.postgres:
        run(args, f"sqlite:///{root / 'bench.sqlite'}", root)
        return
    script = ["bash", str(ROOT / "scripts" / "pg-test-server.sh")]
    url = subprocess.run([*script, "start", str(root / "pg")], check=True,  # nosec B603
                         capture_output=True, text=True).stdout.strip()
    try:
        run(args, url, root)
    finally:
        subprocess.run([*script, "stop", str(root / "pg")], check=False)  # nosec B603


if __name__ == "__main__":
    main()
