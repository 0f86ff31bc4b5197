"""CV uploads the file tests run in child processes: a check held open, a full disk."""
import io
import resource
import signal
import sqlite3

from flask import current_app
from werkzeug.datastructures import FileStorage

from app.cv import files, services
from tests.factories import PASSWORD
from tests.holds.jobs import _user

HOLD = 20  # seconds a held check waits for the other process's login


def _upload(candidate_id, data):
    """Upload as the candidate; the refusal's message, or None when the CV was taken."""
    try:
        services.upload_cv(_user(candidate_id), FileStorage(io.BytesIO(data), "cv.pdf"))
    except files.BadFile as error:
        return str(error)
    return None


def upload_with_check_held(candidate_id, data, in_check, login_done, expected):
    """Upload `data`; once its check has started, it waits for another process's login."""
    real, waited = files.extract_text, []

    def held(*args, **kwargs):
        in_check.set()
        waited.append(login_done.wait(timeout=HOLD))
        return real(*args, **kwargs)

    files.extract_text = held
    try:
        refusal = _upload(candidate_id, data)
    finally:
        files.extract_text = real
    assert waited == [True], "the login waited for the end of the check"
    assert expected in (refusal or "accepted"), refusal


def login_during_check(email, in_check, login_done):
    """Log in through the login page while the other process checks its file."""
    assert in_check.wait(timeout=HOLD)
    response = current_app.test_client().post("/auth/login",
                                              data={"email": email, "password": PASSWORD})
    assert response.status_code == 302 and "/auth/login" not in response.location
    login_done.set()


def upload_on_a_full_disk(candidate_id, data, room, upload_folder):
    """Upload while no file may grow past `room` bytes, as on a disk that is full."""
    current_app.config["UPLOAD_FOLDER"] = upload_folder  # the test's files, not the child's
    database = current_app.config["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        # An empty WAL: the commit's pages are written past `room`, so the commit fails.
        assert connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
    user = _user(candidate_id)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, not kills
    resource.setrlimit(resource.RLIMIT_FSIZE, (room, hard))
    try:
        services.upload_cv(user, FileStorage(io.BytesIO(data), "cv.pdf"))
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
