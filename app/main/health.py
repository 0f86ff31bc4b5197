"""The checks of /healthz: each a function answering "ok" or what is wrong.

Every check runs in its own thread and gets at most CHECK_TIMEOUT seconds: a
frozen database server or a hung disk answers "timeout", never a hung page.
A check still stuck from an earlier request is not started again (at most one
stuck thread per check and process); it answers "timeout" until it returns.
"""
import os
import shutil
import sqlite3
import threading
import time
from contextlib import suppress
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import func, make_url, select, text

from app.extensions import db
from app.notifications import delivery
from app import timeutil
from app.timeutil import utcnow

CHECK_TIMEOUT = 2.0  # seconds, for all the checks together (they run in parallel)
MIN_FREE_BYTES = 200 * 1024 * 1024  # HEALTH_MIN_FREE_BYTES overrides it
MAX_INDEX_BACKLOG = timedelta(minutes=15)  # a pending index change older than this


def database():
    """The database answers a query."""
    db.session.execute(text("SELECT 1"))
    return "ok"


def database_writable():
    """A write could start now: SQLite's write lock is free, PostgreSQL is read-write."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        read_only = db.session.execute(text(
            "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'"
        )).scalar()
        return "read-only" if read_only else "ok"
    path = Path(url.database)
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        return "read-only"
    connection = sqlite3.connect(path, timeout=CHECK_TIMEOUT / 2, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")  # takes the write lock, writes nothing
        connection.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        return "locked" if "locked" in str(error) else f"OperationalError: {error}"
    finally:
        connection.close()
    return "ok"


def free_space(folder):
    """A check that `folder`'s disk has room left (bytes and inodes)."""
    def check():
        path = Path(folder)
        usage = shutil.disk_usage(path)
        minimum = current_app.config.get("HEALTH_MIN_FREE_BYTES", MIN_FREE_BYTES)
        if usage.free < minimum:
            return f"full: {usage.free // (1024 * 1024)} MB free"
        if os.statvfs(path).f_favail == 0:
            return "full: no inode left"
        return "ok"
    return check


def uploads():
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    if not folder.is_dir():
        return "missing"
    return "ok" if os.access(folder, os.W_OK) else "not writable"


def index_backlog():
    """Changes the workers failed to write into the index pile up (see app/indexing.py)."""
    from app.indexing import SearchPending
    oldest = db.session.scalar(select(func.min(SearchPending.queued_at)))
    if oldest is not None and utcnow() - oldest > MAX_INDEX_BACKLOG:
        return f"behind since {oldest:%Y-%m-%d %H:%M} UTC: run `flask search sync`"
    return "ok"


def task_age():
    """Seconds the oldest message has waited for its task (0: none waits)."""
    oldest = delivery.oldest_waiting()
    return 0 if oldest is None else max(0, int((timeutil.utcnow() - oldest).total_seconds()))


def task_backlog():
    """Messages wait for their task longer than HEALTH_MAX_TASK_AGE: the consumer is down."""
    age, limit = task_age(), current_app.config["HEALTH_MAX_TASK_AGE"]
    if age > limit:
        return f"oldest waiting task: {age} s (more than {limit} s): is the consumer running?"
    return "ok"


class _Probe:
    """One run of one check, in a daemon thread with its own application context."""

    def __init__(self, app, check):
        self.result, self.done = None, threading.Event()
        threading.Thread(target=self._run, args=(app, check), daemon=True).start()

    def _run(self, app, check):
        with app.app_context():
            try:
                self.result = check()
            except Exception as error:  # reported in the JSON, never raised
                self.result = f"{type(error).__name__}"
            finally:
                with suppress(Exception):  # a dead connection: nothing more to report
                    db.session.remove()
        self.done.set()


_in_flight, _lock = {}, threading.Lock()


def run(checks, timeout=CHECK_TIMEOUT):
    """{name: "ok" or the problem} for [(name, check)], within `timeout` seconds."""
    app = current_app._get_current_object()
    with _lock:
        probes = {}
        for name, check in checks:
            key = (id(app), name)
            previous = _in_flight.get(key)
            if previous is None or previous.done.is_set():
                _in_flight[key] = _Probe(app, check)
            probes[name] = _in_flight[key]
    deadline = time.monotonic() + timeout
    return {name: probe.result if probe.done.wait(max(0.0, deadline - time.monotonic()))
            else "timeout" for name, probe in probes.items()}
