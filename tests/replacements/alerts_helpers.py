"""What the alert tests share: a frozen clock and the queue's schedule run by hand."""
from datetime import datetime, timezone

import pytest

from app import tasks, timeutil
from tests.tasks.conftest import Clock


@pytest.fixture
def clock(monkeypatch):
    # A Tuesday, 10:00 in Paris (no SMS quiet hours), years ahead: huey keeps a task
    # scheduled from this clock for later instead of running it at once.
    frozen = Clock(datetime(2030, 1, 8, 9, 0, tzinfo=timezone.utc))
    monkeypatch.setattr(timeutil, "utcnow", frozen)
    tasks.huey.flush()
    yield frozen
    tasks.huey.flush()


def run_due(clock):
    """Run the scheduled tasks whose time has come on the frozen clock; how many ran."""
    moment = clock.now.astimezone(timezone.utc).replace(tzinfo=None)
    due = tasks.huey.read_schedule(moment)
    for task in due:
        tasks.huey.execute(task, moment)
    return len(due)
