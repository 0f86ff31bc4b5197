"""CV files under faults and hostile input, with real processes.

A hostile PDF is checked while another process logs in: the login goes
through while the check is still running (it holds no lock). A full disk
(a per-file size limit in the uploading process) makes either the file write
or the commit of a replacement fail: the profile keeps its old file, which
still downloads, and neither the new file nor a partial one is left; a
commit that raised after writing keeps the file its row names.
"""
import io
import multiprocessing
import os
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError
from werkzeug.datastructures import FileStorage

from app.cv import services
from app.extensions import db
from tests import factories, pdfs
from tests.cv.conftest import stored  # noqa: F401  (fixture)
from tests.cv.test_upload import own_profile
from tests.holds.workers import run_together

JOBS = "tests.holds.file_jobs"


@pytest.mark.parametrize("make, message", [
    (pdfs.repeated_page, "plus de 50 pages"),
    (pdfs.inflating_stream, "trop lourd à lire"),
], ids=["60000-pages", "stream-inflating-to-20MB"])
def test_a_login_goes_through_while_a_hostile_pdf_is_checked(app, tmp_path, make, message):
    candidate = factories.user("candidate")
    member = factories.user("member", establishment=factories.establishment())
    context = multiprocessing.get_context("spawn")
    in_check, login_done = context.Event(), context.Event()
    outcomes = run_together(app.config["DATABASE_URL"], tmp_path, [
        [(f"{JOBS}.upload_with_check_held",
          (candidate.id, make(), in_check, login_done, message))],
        [(f"{JOBS}.login_during_check", (member.email, in_check, login_done))],
    ])
    assert [error for _job, error in outcomes if error != "ok"] == []


@pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")),
                    reason="the full disk is simulated under the embedded SQLite file")
@pytest.mark.parametrize("room, error", [
    (8192, "OperationalError"),  # the CV file fits, the commit's pages do not
    (512, "n'a pas pu être enregistré"),  # the CV file itself does not fit
], ids=["commit-fails", "file-write-fails"])
def test_a_replacement_on_a_full_disk_keeps_the_cv_in_use(app, client, auth, candidate,
                                                          member_a, stored, tmp_path,
                                                          room, error):
    profile = factories.cv_profile(owner=candidate)
    [before] = stored()
    folder = app.config["UPLOAD_FOLDER"]
    kept = (Path(folder) / "cv" / before).read_bytes()
    job = (f"{JOBS}.upload_on_a_full_disk",
           (candidate.id, factories.pdf_bytes("le nouveau CV"), room, folder))
    db.session.commit()  # no snapshot held here: the child can empty the WAL
    [(_job, outcome)] = run_together(app.config["DATABASE_URL"], tmp_path / "uploader", [[job]])
    assert own_profile(candidate).cv_file == before
    assert stored() == [before]  # neither the new file nor a .part is left
    assert error in outcome
    auth.login(member_a)
    download = client.get(f"/cv/{profile.id}/file")
    assert download.status_code == 200 and download.data == kept


def test_a_commit_whose_outcome_is_unknown_keeps_the_file_its_row_names(app, candidate, stored,
                                                                       monkeypatch):
    """The connection is lost once COMMIT is sent: the error comes though the row was written."""
    dialect, lost = db.engine.dialect, []
    real_commit = dialect.do_commit

    def commit_then_lose_the_connection(connection):
        real_commit(connection)
        if not lost:
            lost.append(True)
            raise dialect.loaded_dbapi.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(dialect, "do_commit", commit_then_lose_the_connection)
    with pytest.raises(OperationalError):
        services.upload_cv(candidate, FileStorage(io.BytesIO(factories.pdf_bytes()), "cv.pdf"))
    assert stored() == [own_profile(candidate).cv_file]
