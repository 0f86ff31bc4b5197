"""A backup taken while candidates keep registering and uploading CVs.

The archive's manifest counts the rows of the copy itself; restoring it gives
back exactly those counts and exactly the manifest's files.
"""
import hashlib
import json
import tarfile
import threading
from pathlib import Path

from app.backup import table_counts
from app.database import begin_write
from app.extensions import db
from tests import factories

WRITERS = 3


def _write_until(app, stop, written):
    with app.app_context():
        while not stop.is_set() or written[0] < 2 * WRITERS:
            begin_write()  # a unit of work as the services write them
            owner = factories.user("candidate", commit=False)
            db.session.flush()
            factories.cv_profile(owner)
            written[0] += 1
        db.session.remove()


def _files(folder):
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in folder.rglob("*") if path.is_file() and not path.name.startswith(".")}


def test_backup_under_writes_restores_to_its_manifest(app, runner, tmp_path):
    factories.cv_profile()
    db.session.commit()
    stop, written = threading.Event(), [0]
    writers = [threading.Thread(target=_write_until, args=(app, stop, written))
               for _ in range(WRITERS)]
    archive = tmp_path / "under-load.tar.gz"
    for writer in writers:
        writer.start()
    try:
        result = runner.invoke(args=["backup", "--output", str(archive)])
    finally:
        stop.set()
        for writer in writers:
            writer.join(timeout=120)
    assert result.exit_code == 0, result.output
    with tarfile.open(archive) as content:
        manifest = json.load(content.extractfile("manifest.json"))
    db.session.commit()
    assert table_counts()["candidate_profile"] > manifest["tables"]["candidate_profile"] > 0

    result = runner.invoke(args=["restore", "--yes", str(archive)])
    assert result.exit_code == 0, result.output
    assert table_counts() == manifest["tables"]
    assert _files(Path(app.config["UPLOAD_FOLDER"])) == manifest["files"]
