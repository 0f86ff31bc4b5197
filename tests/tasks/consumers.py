"""Real consumer processes (`flask tasks consume`) on the test's database and store."""
import os
import subprocess  # nosec B404
import sys
import time
from pathlib import Path

from tests.conftest import BASE_URL

ROOT = Path(__file__).parents[2]


def environment(database_url, root, **more):
    env = {"DATABASE_URL": database_url, "SECRET_KEY": "test-secret", "BASE_URL": BASE_URL,
           "UPLOAD_FOLDER": str(root / "uploads"), "SEARCH_INDEX": str(root / "search"),
           "OUTBOX": str(root / "outbox"), "SMS_OUTBOX": str(root / "sms-outbox"),
           "TASKS_WORKERS": "1", "MESSAGE_CLAIM_TIMEOUT": "2", "MAIL_USE_TLS": "false"}
    if not database_url.startswith("postgresql"):
        env["TASKS_URL"] = f"sqlite:///{root / 'tasks.sqlite'}"
    env.update({key: str(value) for key, value in more.items()})
    return env


def start(env, log):
    """A consumer process of the tests' application (tests/tasks/consumer_app.py)."""
    command = [str(Path(sys.executable).with_name("flask")), "--app", "tests.tasks.consumer_app",
               "tasks", "consume"]
    handle = open(log, "ab")  # noqa: SIM115  (closed with the process)
    return subprocess.Popen(command, env={**os.environ, **env}, cwd=ROOT,  # nosec B603
                            stdout=handle, stderr=subprocess.STDOUT)


def stop(process):
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=30)


def wait_for(condition, timeout=60, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")
