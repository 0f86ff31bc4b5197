"""Load test: simulated people browse, filter, log in, apply and book at once.

Bounded in requests and in time, and only ever against 127.0.0.1. With
--serve it starts the production server the way `make run` does (gunicorn,
--workers sync workers) on a temporary copy of the demo data, so the real
instance/ database is left alone; otherwise it drives --base.

Prints throughput, p50/p95/p99 latency per page and the error count (5xx,
403/404, lost connections); exits 1 when there was an error.
"""
import argparse
import os
import random
import re
import subprocess  # nosec B404: our own flask CLI
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gtec_client import Browser, Server  # noqa: E402

PASSWORD = "demo-gtec-2026"
OCCUPATIONS = ("J1501", "J1506", "K1302", "J1301", "K1301")
COMMUNES = ("Vire", "Condé", "Flers", "Tinchebray")
ROLES = ("visitor", "visitor", "candidate", "member", "member")
MEMBERS = ("ehpad@example.org", "domicile@example.org")


class Stats:
    """Latencies per page label, errors, all shared by the simulated people."""

    def __init__(self, max_requests, deadline, think):
        self.latencies, self.errors = defaultdict(list), defaultdict(int)
        self.statuses, self.think = defaultdict(int), think
        self.count, self.max_requests, self.deadline = 0, max_requests, deadline
        self.lock = threading.Lock()

    def more(self):
        with self.lock:
            return self.count < self.max_requests and time.monotonic() < self.deadline

    def timed(self, label, call, ok=(200, 302, 400)):
        start = time.monotonic()
        try:
            status, body = call()
        except Exception:  # a lost connection, a timeout: an error like a 5xx
            status, body = 0, ""
        elapsed = time.monotonic() - start
        with self.lock:
            self.count += 1
            self.latencies[label].append(elapsed)
            if status not in ok:
                self.errors[label] += 1
                self.statuses[status] += 1
        return body


class Person:
    """One simulated user: a visitor, the demo candidate or a demo member."""

    def __init__(self, base, stats, rng, role):
        self.browser, self.stats, self.rng, self.role = Browser(base), stats, rng, role
        self.vacancies, self.sessions = [], []

    def pause(self):
        """A person reads the page before the next click."""
        if self.stats.think:
            time.sleep(self.rng.uniform(0, 2 * self.stats.think))

    def get(self, label, path):
        self.pause()
        return self.stats.timed(f"GET {label}", lambda: self.browser.get(path))

    def post(self, label, page, fields, action=None):
        self.get(label, page)
        self.stats.timed(f"POST {label}", lambda: self.browser.submit(page, fields, action))

    def login(self):
        email = "candidat@example.org" if self.role == "candidate" else self.rng.choice(MEMBERS)
        self.post("/auth/login", "/auth/login", {"email": email, "password": PASSWORD})

    def browse(self):
        body = self.get("/pool/", "/pool/")
        self.vacancies = re.findall(r'href="/pool/(\d+)"', body) or self.vacancies
        if self.vacancies:
            self.get("/pool/<id>", f"/pool/{self.rng.choice(self.vacancies)}")
        if self.role == "member":  # training is for members' employees only
            body = self.get("/training/", "/training/")
            self.sessions = re.findall(r'href="/training/(\d+)"', body) or self.sessions
            if self.sessions:
                self.get("/training/<id>", f"/training/{self.rng.choice(self.sessions)}")
        self.get("/", "/")
        self.get("/members/", "/members/")

    def search(self):
        occupation, commune = self.rng.choice(OCCUPATIONS), self.rng.choice(COMMUNES)
        query = urllib.parse.urlencode({"occupation": occupation, "commune": commune})
        self.get("/pool/?filters", f"/pool/?{query}")
        if self.role == "member":
            self.get("/training/?filters", "/training/?theme=")
            self.get("/cv/?filters", f"/cv/?occupation={occupation}")

    def act(self):
        if self.role == "candidate" and self.vacancies:
            vacancy = self.rng.choice(self.vacancies)
            self.post("/cv/apply/<id>", f"/cv/apply/{vacancy}", {"message": "Disponible."})
        elif self.role == "member" and self.sessions:
            session = self.rng.choice(self.sessions)
            self.post("/training/<id>/book", f"/training/{session}/book", {
                "attendees-0-name": f"Salarié {self.rng.randrange(10**6)}",
                "attendees-0-occupation": "J1501"})

    def run(self, delay):
        time.sleep(delay)  # people arrive one after the other, not all in the same second
        if self.role != "visitor":
            self.login()
        while self.stats.more():
            self.browse()
            self.search()
            if self.rng.random() < 0.3:
                self.act()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def report(stats, elapsed):
    print(f"{stats.users} people, mean pause {stats.think:g} s")
    print(f"{stats.count} requests in {elapsed:.1f} s: {stats.count / elapsed:.1f} req/s, "
          f"errors: {sum(stats.errors.values())} {dict(stats.statuses) or ''}")
    print(f"{'page':28} {'n':>5} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}")
    for label in sorted(stats.latencies):
        values = stats.latencies[label]
        print(f"{label:28} {len(values):5d} " + " ".join(
            f"{percentile(values, p) * 1000:7.0f}" for p in (50, 95, 99))
            + f" {stats.errors[label]:6d}")


def run(base, users, max_requests, duration, seed, think, ramp=10):
    stats = Stats(max_requests, time.monotonic() + duration, think)
    stats.users = users
    rng = random.Random(seed)
    people = [Person(base, stats, random.Random(rng.random()), ROLES[n % len(ROLES)])
              for n in range(users)]
    threads = [threading.Thread(target=person.run, args=(n * ramp / users,))
               for n, person in enumerate(people)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report(stats, time.monotonic() - start)
    return sum(stats.errors.values())


def demo_server(root, workers):
    """gunicorn as `make run` starts it, on a fresh copy of the demo data under root."""
    env = {"DATABASE_URL": f"sqlite:///{root / 'gtec.sqlite'}", "SECRET_KEY": "load-test",
           "UPLOAD_FOLDER": str(root / "uploads"), "SEARCH_INDEX": str(root / "search"),
           "OUTBOX": str(root / "outbox"), "FLASK_APP": "wsgi"}
    flask = str(Path(sys.executable).with_name("flask"))
    for command in (["init-db"], ["seed-demo", "--if-empty"]):
        subprocess.run([flask, *command], env={**os.environ, **env}, check=True,  # nosec B603
                       capture_output=True, cwd=Path(__file__).resolve().parent.parent)
    return Server(env, workers=workers).start()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:5000")
    parser.add_argument("--serve", action="store_true", help="start a demo server first")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", 4)))
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--duration", type=float, default=120, help="seconds, at most")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean pause between two pages of one person, seconds (0: none)")
    parser.add_argument("--ramp", type=float, default=10,
                        help="seconds over which the people arrive")
    args = parser.parse_args(argv)
    options = (args.users, args.requests, args.duration, args.seed, args.think, args.ramp)
    if not args.serve:
        return 1 if run(args.base, *options) else 0
    with tempfile.TemporaryDirectory(prefix="gtec-load.") as root:
        server = demo_server(Path(root), args.workers)
        try:
            errors = run(server.base, *options)
        finally:
            server.stop()
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
