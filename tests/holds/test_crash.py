"""The production server killed with SIGKILL in a burst of submissions, then restarted.

Candidates register (opening the mailed link), upload a real PDF CV and apply,
from several threads, against gunicorn (2 workers) on its own SQLite database
and folders. Once
enough submissions were confirmed, every server process gets SIGKILL. After a
restart: the database passes its integrity check, every confirmed submission
is there, every CV row names a stored file of its size, and `search check`
finds the index in step (pending changes are drained by the next write).
"""
import os
import re
import sqlite3
import subprocess  # nosec B404
import sys
import threading
import time
from pathlib import Path

import pytest

from scripts.gtec_client import Browser, Server
from tests import factories
from tests.mailbox import Mailbox

THREADS = 6
KILL_AFTER = 8  # confirmed CV uploads before the kill
pytestmark = pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")),
                                reason="the crash test runs the embedded SQLite database")


def _environment(root):
    return {"DATABASE_URL": f"sqlite:///{root / 'gtec.sqlite'}", "SECRET_KEY": "crash-test",
            "UPLOAD_FOLDER": str(root / "uploads"), "SEARCH_INDEX": str(root / "search"),
            "OUTBOX": str(root / "outbox"), "FLASK_APP": "wsgi",
            "ACCOUNT_MAILS_PER_ADDRESS": "10000"}  # every candidate signs up from 127.0.0.1


def flask(env, *args):
    command = [str(Path(sys.executable).with_name("flask")), *args]
    return subprocess.run(command, env={**os.environ, **env}, capture_output=True,  # nosec B603
                          text=True, timeout=300, cwd=Path(__file__).parents[2])


class Burst:
    """Threads submitting until the server dies; what the user saw confirmed."""

    def __init__(self, base, vacancy_id, pdf, outbox):
        self.base, self.vacancy_id, self.pdf, self.outbox = base, vacancy_id, pdf, outbox
        self.confirmed = {"register": set(), "upload": set(), "apply": set()}
        self.lock, self.enough = threading.Lock(), threading.Event()

    def _confirm(self, step, email):
        with self.lock:
            self.confirmed[step].add(email)
            if len(self.confirmed["upload"]) >= KILL_AFTER:
                self.enough.set()

    def candidate(self, email):
        """One candidate's journey; stops at the first refusal or lost connection."""
        browser = Browser(self.base)
        steps = [("sign up", lambda: browser.submit("/auth/register", {
                    "first_name": "Julie", "last_name": "Crash", "email": email,
                    "password": factories.PASSWORD, "confirm": factories.PASSWORD,
                    "consent": "y"})),
                 ("register", lambda: browser.submit(self._confirm_path(email), {})),
                 ("upload", lambda: browser.submit("/cv/me", {}, "/cv/me/upload",
                                                   {"cv": ("cv.pdf", self.pdf)})),
                 ("apply", lambda: browser.submit(f"/cv/apply/{self.vacancy_id}",
                                                  {"message": "Disponible."}))]
        for step, send in steps:
            if send()[0] != 302:
                return False
            if step in self.confirmed:
                self._confirm(step, email)
        return True

    def _confirm_path(self, email):
        """The path of the link that the sign-up mailed to `email` (the consumer sends it
        after the commit: wait for it as a person does)."""
        deadline = time.monotonic() + 30
        while not Mailbox(self.outbox).to(email) and time.monotonic() < deadline:
            time.sleep(0.05)
        body = Mailbox.body(Mailbox(self.outbox).last_to(email))
        return re.search(r"http://[^/\s]+(/auth/confirm/\S+)", body).group(1)

    def run(self, thread):
        for n in range(1000):
            try:
                self.candidate(f"crash{thread}-{n}@example.org")
            except OSError:  # the server is gone
                return


def _check_database(path, burst, uploads):
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        emails = {row[0] for row in connection.execute('SELECT email FROM "user"')}
        rows = dict(connection.execute(
            "SELECT cv_file, cv_size FROM candidate_profile WHERE cv_file IS NOT NULL"))
        applied = {row[0] for row in connection.execute(
            'SELECT u.email FROM application a JOIN "user" u ON u.id = a.candidate_id')}
    assert burst.confirmed["register"] <= emails
    assert burst.confirmed["apply"] <= applied
    owners = _cv_owners(path)
    assert burst.confirmed["upload"] <= owners
    for name, size in rows.items():
        assert (uploads / "cv" / name).stat().st_size == size
    orphans = {p.name for p in (uploads / "cv").glob("*.pdf")} - set(rows)
    # An upload cut between its file and its commit leaves at most one file per thread.
    assert len(orphans) <= THREADS


def _cv_owners(path):
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute(
            'SELECT u.email FROM candidate_profile p JOIN "user" u ON u.id = p.user_id '
            "WHERE p.cv_file IS NOT NULL")}


def test_sigkill_in_a_burst_loses_no_confirmed_submission(tmp_path):
    env = _environment(tmp_path)
    assert flask(env, "init-db").returncode == 0
    assert flask(env, "seed-demo").returncode == 0
    with sqlite3.connect(tmp_path / "gtec.sqlite") as connection:
        vacancy_id = connection.execute(
            "SELECT id FROM vacancy WHERE status = 'published' ORDER BY id").fetchone()[0]
    server = Server(env).start()
    burst = Burst(server.base, vacancy_id, factories.pdf_bytes(), tmp_path / "outbox")
    threads = [threading.Thread(target=burst.run, args=(n,)) for n in range(THREADS)]
    try:
        for thread in threads:
            thread.start()
        assert burst.enough.wait(timeout=180)
    finally:
        server.kill()
        for thread in threads:
            thread.join(timeout=60)

    server = Server(env, port=server.port).start()
    try:
        assert burst.candidate("after-restart@example.org")
    finally:
        server.stop()
    _check_database(tmp_path / "gtec.sqlite", burst, tmp_path / "uploads")
    checked = flask(env, "search", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
