"""Files under the upload folder: which rows name them, and deleting them safely.

A backup (app/backup.py) copies the files named by the rows of its database
snapshot, after taking the snapshot. A file replaced or deleted meanwhile
must still be there to be copied: while a backup runs (a marker in
uploads/.backup/running/), deletions are only written down
(uploads/.backup/deferred) and the last backup to finish carries them out.

Why that is enough: files are never rewritten (random names), and a row's file
is deleted only after the commit that stops naming it. A snapshot that still
names the file was taken before that commit, and its backup wrote its marker
before the snapshot: the deletion, coming after the commit, sees the marker.
"""
import fcntl
import os
import secrets
from contextlib import contextmanager
from pathlib import Path

from flask import current_app

STATE = ".backup"  # hidden: never taken for an uploaded file
FILE_COLUMNS = []  # (table, column, sub-folder): a row's column names a file there


def names_files(table, column, folder):
    """Declare that `table.column` holds the name of a file in uploads/`folder`/."""
    FILE_COLUMNS.append((table, column, folder))


def delete(path):
    """Delete an uploaded file now, or once the backups running have copied it."""
    root = Path(current_app.config["UPLOAD_FOLDER"])
    with _deferred_list(root) as deferred:
        if _running(root):
            deferred.write(f"{Path(path).relative_to(root)}\n")
            return
    Path(path).unlink(missing_ok=True)


@contextmanager
def backup_running(root):
    """Mark a backup as running in `root` (the upload folder) for the block."""
    running = Path(root) / STATE / "running"
    running.mkdir(parents=True, exist_ok=True)
    marker = running / f"{os.getpid()}-{secrets.token_hex(8)}"
    marker.touch()
    try:
        yield
    finally:
        marker.unlink()
        _carry_out_deferred(Path(root))


def _carry_out_deferred(root):
    """The last backup to finish deletes what was deferred."""
    with _deferred_list(root) as deferred:
        if _running(root):
            return
        deferred.seek(0)
        for line in deferred.read().splitlines():
            (root / line).unlink(missing_ok=True)
        deferred.truncate(0)


@contextmanager
def _deferred_list(root):
    """The list of deferred deletions, locked against every other process."""
    state = root / STATE
    state.mkdir(parents=True, exist_ok=True)
    with open(state / "deferred", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield handle
        handle.flush()


def _running(root):
    """True while a backup of a live process has its marker in `root`."""
    for marker in (root / STATE / "running").glob("*-*"):
        pid = int(marker.name.split("-")[0])
        try:
            os.kill(pid, 0)
        except ProcessLookupError:  # a backup killed before it could clean up
            marker.unlink(missing_ok=True)
            continue
        except PermissionError:  # alive, another user's
            pass
        return True
    return False
