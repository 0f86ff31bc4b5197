"""Backups while the site runs, and restoring them.

An archive (tar.gz) holds a consistent copy of the database (SQLite's online
backup API, or pg_dump's custom format), the files its rows name (and only
those), and a manifest with the row count of every table and the checksum of
every file. The files are copied after the snapshot, while deletions wait
(app/uploads.py): each file a snapshot row names is still there to copy.
`restore` checks that every row of the archive's database has its file in
the archive before it replaces anything.
"""
import hashlib
import json
import os
import shutil
import sqlite3
# pg_dump and pg_restore, with fixed arguments (bandit B404).
import subprocess  # nosec B404
import tarfile
import tempfile
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from app import uploads
from app.extensions import db
from app.timeutil import utcnow


class BackupError(Exception):
    """The archive is unusable, or a tool it needs failed."""


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_counts():
    """{table: rows} for every table of the application."""
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def _named_files(execute):
    """The upload paths (folder/name) the rows name, but those whose bytes the
    database holds itself (FILE_STORAGE=database: in the copy already);
    `execute(sql)` gives rows."""
    names = set()
    for table, column, folder in uploads.FILE_COLUMNS:
        # Table, column and folder names come from uploads.names_files, never from input.
        rows = execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL '  # nosec B608
                       f"AND NOT EXISTS (SELECT 1 FROM stored_file WHERE path = '{folder}/' || "
                       f'"{column}")')
        names.update(f"{folder}/{row[0]}" for row in rows)
    return names


def _copy_files(source, names, target):
    """Copy the named files; returns {relative path: sha256}."""
    copied = {}
    for relative in sorted(names):
        path = Path(source) / relative
        if not path.is_file():
            raise BackupError(f"Fichier manquant dans le dossier des envois : {relative}")
        destination = Path(target) / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination)
        copied[relative] = _sha256(destination)
    return copied


def _dump_database(url, target):
    """Write a consistent copy of the database at `url` into folder `target`.

    Returns (file name, {table: rows}, files named by the rows); the counts and
    names are those of the copy itself, so that writes going on during the
    backup never make the manifest lie.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        destination = sqlite3.connect(target / "database.sqlite")
        with sqlite3.connect(parsed.database) as source:
            source.execute("PRAGMA busy_timeout=30000")
            source.backup(destination)
        counts = {table.name: destination.execute(
            # Our own table names, never input.
            f'SELECT count(*) FROM "{table.name}"').fetchone()[0]  # nosec B608
            for table in db.metadata.sorted_tables}
        names = _named_files(destination.execute)
        destination.close()
        return "database.sqlite", counts, names
    with db.engine.connect() as connection:  # pg_dump reads the snapshot the counts saw
        connection.exec_driver_sql("BEGIN ISOLATION LEVEL REPEATABLE READ")
        snapshot = connection.exec_driver_sql("SELECT pg_export_snapshot()").scalar()
        counts = {table.name: connection.scalar(select(func.count()).select_from(table))
                  for table in db.metadata.sorted_tables}
        names = _named_files(connection.exec_driver_sql)
        _run(["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}",
              f"--file={target / 'database.dump'}", _libpq_url(parsed)])
        connection.exec_driver_sql("COMMIT")
    return "database.dump", counts, names


def _libpq_url(parsed):
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def _run(command):
    """Run a PostgreSQL tool; returns its output."""
    try:
        return subprocess.run(command, check=True, capture_output=True,  # nosec B603
                              timeout=3600).stdout
    except (OSError, subprocess.SubprocessError) as error:
        detail = getattr(error, "stderr", b"") or b""
        raise BackupError(f"{command[0]} a échoué : {detail.decode(errors='replace')}") from error


def create(url, upload_folder, output):
    """Write a backup archive to `output` (a file path); returns its manifest."""
    with tempfile.TemporaryDirectory() as scratch, uploads.backup_running(upload_folder):
        work = Path(scratch)
        (work / "uploads").mkdir()
        database_file, counts, names = _dump_database(url, work)
        files = _copy_files(upload_folder, names, work / "uploads")
        manifest = {"created_at": utcnow().isoformat(), "database": database_file,
                    "tables": counts, "files": files}
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2))
        output = Path(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".part")
        with tarfile.open(partial, "w:gz") as archive:
            for name in ("manifest.json", database_file, "uploads"):
                archive.add(work / name, arcname=name)
        os.replace(partial, output)
    return manifest


def restore(archive_path, url, upload_folder):
    """Bring back the database and uploads of an archive; returns its manifest."""
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(work, filter="data")
        manifest = json.loads((work / "manifest.json").read_text())
        _check_files(work / "uploads", manifest["files"])
        _check_rows(work / "uploads", work / manifest["database"])
        db.session.remove()
        db.engine.dispose()
        _load_database(url, work / manifest["database"])
        _replace_folder(work / "uploads", Path(upload_folder))
    return manifest


def _check_files(folder, files):
    for relative, checksum in files.items():
        path = folder / relative
        if not path.is_file() or _sha256(path) != checksum:
            raise BackupError(f"Fichier manquant ou altéré dans l'archive : {relative}")


def _check_rows(folder, database):
    """Every file a row of the archive's database names is in the archive."""
    if database.suffix == ".sqlite":
        with sqlite3.connect(database) as connection:
            names = _named_files(connection.execute)
        connection.close()
    else:
        names = _named_files_in_dump(database)
    for relative in sorted(names):
        if not (folder / relative).is_file():
            raise BackupError(f"Fichier manquant dans l'archive pour une ligne de la base : "
                              f"{relative}")


def _named_files_in_dump(dump):
    """The files named by the rows of a pg_dump archive, read from its data."""
    names = set()
    for table, column, folder in uploads.FILE_COLUMNS:
        script = _run(["pg_restore", "--data-only", f"--table={table}", "--file=-", str(dump)])
        names.update(f"{folder}/{value}" for value in _copy_column(script.decode(), table, column)
                     if value is not None)
    script = _run(["pg_restore", "--data-only", "--table=stored_file", "--file=-", str(dump)])
    return names - set(_copy_column(script.decode(), "stored_file", "path"))


def _copy_column(script, table, column):
    """One column's values in the COPY block of `table` of a pg_restore script."""
    lines = iter(script.splitlines())
    for line in lines:
        if line.startswith("COPY ") and line.split(" ")[1].split(".")[-1].strip('"') == table:
            columns = [name.strip(' "') for name in line.split("(", 1)[1].split(")")[0].split(",")]
            index = columns.index(column)
            for row in lines:
                if row == "\\.":
                    return
                value = row.split("\t")[index]
                yield None if value == "\\N" else value.replace("\\\\", "\\")


def _load_database(url, dump):
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        with sqlite3.connect(dump) as source, sqlite3.connect(parsed.database) as target:
            target.execute("PRAGMA busy_timeout=30000")
            source.backup(target)
        return
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
          f"--dbname={_libpq_url(parsed)}", str(dump)])


def _replace_folder(source, target):
    """Swap the upload folder's content for the archive's."""
    target.mkdir(parents=True, exist_ok=True)
    for child in target.iterdir():
        if child.is_dir():
            shutil.rmtree(child)
        else:
            child.unlink()
    for child in source.iterdir():
        shutil.move(str(child), target / child.name)
