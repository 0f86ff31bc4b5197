"""A backup archive brings back the database and the uploads."""
import tarfile
from pathlib import Path

from app.auth.models import User
from app.backup import table_counts
from app.extensions import db
from tests import factories


def test_backup_then_restore_brings_everything_back(app, runner, tmp_path, establishment_a):
    for n in range(3):
        factories.user("member", establishment=establishment_a)
    uploads = Path(app.config["UPLOAD_FOLDER"])
    cv = uploads / "cv" / factories.cv_profile().cv_file
    kept = cv.read_bytes()
    (uploads / "cv" / "orphan.pdf").write_bytes(b"named by no row: not archived")
    before = table_counts()
    archive = tmp_path / "backup.tar.gz"

    result = runner.invoke(args=["backup", "--output", str(archive)])
    assert result.exit_code == 0, result.output
    with tarfile.open(archive) as content:
        names = content.getnames()
    assert "manifest.json" in names and f"uploads/cv/{cv.name}" in names
    assert "uploads/cv/orphan.pdf" not in names

    factories.user("candidate")
    factories.establishment()
    cv.unlink()
    (uploads / "stray.pdf").write_bytes(b"not in the backup")
    assert table_counts() != before

    result = runner.invoke(args=["restore", "--yes", str(archive)])
    assert result.exit_code == 0, result.output
    assert table_counts() == before
    assert cv.read_bytes() == kept
    assert not (uploads / "stray.pdf").exists() and not (uploads / "cv" / "orphan.pdf").exists()


def test_restore_refuses_a_damaged_archive(app, runner, tmp_path):
    archive = tmp_path / "broken.tar.gz"
    archive.write_bytes(b"not an archive")
    result = runner.invoke(args=["restore", "--yes", str(archive)])
    assert result.exit_code != 0


def test_restore_asks_for_confirmation(app, runner, tmp_path):
    archive = tmp_path / "b.tar.gz"
    runner.invoke(args=["backup", "--output", str(archive)])
    factories.user("candidate")
    result = runner.invoke(args=["restore", str(archive)], input="n\n")
    assert result.exit_code != 0
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1
