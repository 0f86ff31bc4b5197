"""A backup holds every file its rows name, and a restore checks each of them (issue 20.2).

Before the fix, a CV replaced between the database snapshot and the copy of
the files had its old file deleted: the archive held a row without its file.
Here another process replaces the CV just before the snapshot and again just
after it (the worst moments); the restored data must give every row its file.
"""
import io
import json
import tarfile
from pathlib import Path

from app import backup
from app.backup import table_counts
from app.cv.models import CandidateProfile
from app.extensions import db
from tests import factories
from tests.holds.workers import run_together


def _replace_in_another_process(database_url, root, candidate_id):
    outcomes = run_together(database_url, root, [[("tests.holds.jobs.replace_cv", (candidate_id,))]])
    assert [outcome for _job, outcome in outcomes] == ["ok"]


def test_cv_replaced_around_the_snapshot_keeps_its_file(app, runner, database_url, tmp_path,
                                                        monkeypatch):
    profile = factories.cv_profile()
    candidate_id, folder = profile.user_id, Path(app.config["UPLOAD_FOLDER"])
    dump = backup._dump_database

    def dump_between_two_replacements(*args):
        _replace_in_another_process(database_url, tmp_path / "before", candidate_id)
        result = dump(*args)
        _replace_in_another_process(database_url, tmp_path / "after", candidate_id)
        return result

    monkeypatch.setattr(backup, "_dump_database", dump_between_two_replacements)
    for workers in (tmp_path / "before" / "p0", tmp_path / "after" / "p0"):
        workers.mkdir(parents=True)
        (workers / "uploads").symlink_to(folder)  # the children share the site's folder
    archive = tmp_path / "replaced.tar.gz"
    result = runner.invoke(args=["backup", "--output", str(archive)])
    assert result.exit_code == 0, result.output
    assert len(list((folder / "cv").glob("*.pdf"))) == 1  # the deferred deletions were made

    result = runner.invoke(args=["restore", "--yes", str(archive)])
    assert result.exit_code == 0, result.output
    db.session.commit()
    for row in db.session.scalars(db.select(CandidateProfile)):
        assert (folder / "cv" / row.cv_file).stat().st_size == row.cv_size


def _without_file(archive, target):
    """The archive with one CV file removed, and from its manifest too."""
    with tarfile.open(archive) as source:
        members = {member.name: (member, source.extractfile(member).read()
                                 if member.isfile() else None) for member in source}
    manifest = json.loads(members["manifest.json"][1])
    dropped = sorted(manifest["files"])[0]
    del manifest["files"][dropped]
    members["manifest.json"][0].size = len(data := json.dumps(manifest).encode())
    members["manifest.json"] = (members["manifest.json"][0], data)
    with tarfile.open(target, "w:gz") as output:
        for name, (member, content) in members.items():
            if name != f"uploads/{dropped}":
                output.addfile(member, io.BytesIO(content) if content is not None else None)
    return dropped


def test_restore_refuses_a_row_without_its_file(app, runner, tmp_path):
    factories.cv_profile()
    factories.cv_profile()
    archive, broken = tmp_path / "whole.tar.gz", tmp_path / "broken.tar.gz"
    assert runner.invoke(args=["backup", "--output", str(archive)]).exit_code == 0
    dropped = _without_file(archive, broken)
    factories.cv_profile()
    before = table_counts()

    result = runner.invoke(args=["restore", "--yes", str(broken)])
    assert result.exit_code != 0
    assert "Fichier manquant dans l'archive" in result.output and dropped in result.output
    db.session.commit()
    assert table_counts() == before  # nothing was replaced


def test_a_killed_backup_does_not_keep_deletions_waiting(app):
    import subprocess  # nosec B404
    from app import uploads
    from app.cv import files
    dead = subprocess.Popen(["true"])  # nosec B603 B607
    dead.wait()
    running = Path(app.config["UPLOAD_FOLDER"]) / uploads.STATE / "running"
    running.mkdir(parents=True)
    (running / f"{dead.pid}-killedbackup").touch()
    folder = Path(app.config["UPLOAD_FOLDER"]) / files.FOLDER
    name = files.store(b"%PDF-1.4 replaced")
    files.remove(name)
    assert not (folder / name).exists()
    with uploads.backup_running(app.config["UPLOAD_FOLDER"]):
        name = files.store(b"%PDF-1.4 replaced during a backup")
        files.remove(name)
        assert (folder / name).exists()  # the backup may still need it
    assert not (folder / name).exists()
