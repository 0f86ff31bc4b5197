"""Fixtures of the task queue's tests: a clock the test moves, a real queue store."""
from datetime import datetime, timezone

import pytest

from app import tasks, timeutil
from tests.conftest import make_app


class Clock:
    """app.timeutil.utcnow, frozen at a moment the test moves."""

    def __init__(self, moment):
        self.now = moment

    def __call__(self):
        return self.now

    def advance(self, delta):
        self.now += delta


@pytest.fixture
def clock(monkeypatch):
    # A Tuesday, 10:00 in Paris: outside the SMS quiet hours.
    frozen = Clock(datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc))
    monkeypatch.setattr(timeutil, "utcnow", frozen)
    return frozen


def queue_settings(database_url, root):
    """Settings of a queue that keeps its tasks for a consumer (not run where queued).

    On PostgreSQL the store is the database itself (PostgresHuey), else a
    SQLite file of the test's own.
    """
    settings = {"TASKS_IMMEDIATE": False}
    if not database_url.startswith("postgresql"):
        settings["TASKS_URL"] = f"sqlite:///{root / 'tasks.sqlite'}"
    return settings


@pytest.fixture
def queued_app(database_url, tmp_path, app):
    """A second application whose tasks wait in a real store (emptied before and after)."""
    queued = make_app(database_url, tmp_path, **queue_settings(database_url, tmp_path))
    tasks.prepare_store()
    tasks.huey.flush()
    with queued.app_context():
        yield queued
        tasks.huey.flush()
    tasks.configure(app)  # the test's own application again: tasks run at once
