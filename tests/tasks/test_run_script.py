"""`make run` (scripts/run.sh): gunicorn and the consumer start together and stop together."""
import os
import signal
import socket
import subprocess  # nosec B404
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.tasks.consumers import ROOT, wait_for

pytestmark = pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")),
                                reason="make run serves the embedded SQLite database")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children(pid):
    found = subprocess.run(["ps", "-ww", "-o", "pid=,args=", "--ppid", str(pid)],  # nosec B603 B607
                           capture_output=True, text=True).stdout
    return {int(line.split()[0]): line for line in found.splitlines()}


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def served(tmp_path):
    """scripts/run.sh on a fresh instance of its own; yields (process, port)."""
    port = free_port()
    env = {**os.environ, "PORT": str(port), "WORKERS": "1", "BIN": str(Path(sys.executable).parent),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'gtec.sqlite'}", "SECRET_KEY": "run-test",
           "UPLOAD_FOLDER": str(tmp_path / "uploads"), "SEARCH_INDEX": str(tmp_path / "search"),
           "OUTBOX": str(tmp_path / "outbox"), "TASKS_URL": f"sqlite:///{tmp_path / 'tasks.sqlite'}",
           "BASE_URL": f"http://127.0.0.1:{port}"}
    subprocess.run([str(Path(sys.executable).with_name("flask")), "--app", "wsgi", "init-db"],  # nosec B603
                   env=env, cwd=ROOT, check=True, capture_output=True, timeout=300)
    process = subprocess.Popen(["bash", "scripts/run.sh"], env=env, cwd=ROOT,  # nosec B603 B607
                               stdout=open(tmp_path / "run.log", "wb"), stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: _answers(port), what="the server")
        yield process, port
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)


def _answers(port):
    try:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).status == 200  # nosec B310
    except OSError:
        return False


def both(process):
    started = children(process.pid)
    consumer = [pid for pid, line in started.items() if "tasks consume" in line]
    server = [pid for pid, line in started.items() if "gunicorn" in line]
    return consumer, server


def test_stopping_make_run_stops_the_server_and_the_consumer(served):
    process, _port = served
    consumer, server = both(process)
    assert len(consumer) == 1 and len(server) == 1
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    wait_for(lambda: not alive(consumer[0]) and not alive(server[0]), what="both stopped")


def test_a_consumer_that_dies_takes_the_server_down_with_it(served):
    process, port = served
    consumer, server = both(process)
    os.kill(consumer[0], signal.SIGKILL)
    assert process.wait(timeout=60) != 0
    wait_for(lambda: not alive(server[0]), what="the server stopped")
    time.sleep(0.5)
    assert not _answers(port)
