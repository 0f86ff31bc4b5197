"""A PostgreSQL server of a test's own, to stop or freeze (scripts/pg-test-server.sh).

The suite's shared server (TEST_DATABASE_URL) must keep running; fault tests
that take the database away start this one on 127.0.0.1 and a free port.
"""
import os
import signal
import subprocess  # nosec B404: our own script, fixed arguments
import tempfile
from pathlib import Path

from flask_migrate import upgrade

from app.extensions import db
from tests.conftest import make_app

SCRIPT = Path(__file__).parents[2] / "scripts" / "pg-test-server.sh"


def _script(action, folder):
    return subprocess.run(["bash", str(SCRIPT), action, str(folder)], check=True,  # nosec B603
                          capture_output=True, text=True, timeout=120).stdout.strip()


class OwnPostgres:
    """start() → url, migrated; halt() stops it; freeze()/thaw() SIGSTOP/SIGCONT it.

    Its folder is under /tmp itself: the server runs as the postgres user,
    who may not enter pytest's private temporary folders.
    """

    def __init__(self):
        self.folder, self.url = Path(tempfile.mkdtemp(prefix="gtec-own-pg.")), None

    def start(self):
        self.url = _script("start", self.folder)
        app = make_app(self.url, self.folder / "boot")
        with app.app_context():
            upgrade()
            db.engine.dispose()
        return self.url

    def halt(self):
        _script("halt", self.folder)

    def remove(self):
        _script("stop", self.folder)

    def _processes(self):
        """The postmaster and every process it started."""
        postmaster = int((self.folder / "data" / "postmaster.pid").read_text().split()[0])
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:  # the process ended meanwhile
                continue
            if int(fields[1]) == postmaster:
                children.append(int(stat.parent.name))
        return [postmaster, *children]

    def _signal(self, sig):
        for pid in self._processes():
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass

    def freeze(self):
        self._signal(signal.SIGSTOP)

    def thaw(self):
        self._signal(signal.SIGCONT)
