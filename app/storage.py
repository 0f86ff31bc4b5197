"""Where uploaded files live: one interface, two stores (FILE_STORAGE).

- `local` (default): a folder, UPLOAD_FOLDER. A file is written whole and
  synced before the unit of work that names it starts, and deleted only once
  the row stops naming it is committed (app/uploads.py defers that deletion
  while a backup runs). One host reads it.
- `database`: a `stored_file` row holding the bytes, added in the unit of work
  of the row that names the file and deleted in the one that stops naming it:
  a crash never leaves one without the other, backups of the database hold
  both, and every host reads the same files.

Files are never rewritten: a new upload gets a new random name.
"""
import io
import secrets
from pathlib import Path

from flask import current_app
from sqlalchemy import LargeBinary, String, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column

from app import durable, uploads
from app.database import UTCDateTime
from app.extensions import db
from app.timeutil import utcnow

CHUNK = 256 * 1024  # a download reads the database this much at a time


class StoredFile(db.Model):
    """A file's bytes, in the database (FILE_STORAGE=database)."""

    __tablename__ = "stored_file"

    path: Mapped[str] = mapped_column(String(200), primary_key=True)  # folder/name
    data: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int]
    created_at = mapped_column(UTCDateTime, default=utcnow)


class Staged:
    """A checked file given a fresh name, not yet named by any row."""

    def __init__(self, folder, data, suffix):
        self.folder, self.data = folder, data
        self.name = f"{secrets.token_hex(16)}{suffix}"

    @property
    def path(self):
        return f"{self.folder}/{self.name}"


class LocalStorage:
    """Files in UPLOAD_FOLDER (see the module's docstring)."""

    shared = False

    def __init__(self, root):
        self.root = Path(root)

    def _path(self, folder, name):
        return self.root / folder / name

    def stage(self, folder, data, suffix=""):
        """Write the file now, before any unit of work (OSError when the disk refuses)."""
        staged = Staged(folder, data, suffix)
        path = self._path(folder, staged.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        durable.write_file(path, data)
        return staged

    def keep(self, staged):
        """In the unit of work naming the file: it is on disk already."""

    def drop(self, staged):
        """The unit of work naming the file failed: remove it."""
        self.remove(staged.folder, staged.name)

    def discard(self, work, folder, name):
        """The unit of work stops naming the file: deleted once it commits."""
        work.after_commit(self.remove, folder, name)

    def remove(self, folder, name):
        uploads.delete(self._path(folder, name))

    def exists(self, folder, name):
        return self._path(folder, name).is_file()

    def open(self, folder, name):
        """(binary file, size); FileNotFoundError when it is gone."""
        path = self._path(folder, name)
        return open(path, "rb"), path.stat().st_size


class DatabaseStorage:
    """Files in the `stored_file` table (see the module's docstring)."""

    shared = True

    def stage(self, folder, data, suffix=""):
        return Staged(folder, data, suffix)

    def keep(self, staged):
        """In the unit of work naming the file: its bytes commit with the row."""
        db.session.add(StoredFile(path=staged.path, data=staged.data, size=len(staged.data)))

    def drop(self, staged):
        """The unit of work failed: its rollback took the bytes away too."""

    def discard(self, work, folder, name):
        """Deleted in the unit of work that stops naming the file."""
        db.session.execute(delete(StoredFile).where(StoredFile.path == f"{folder}/{name}"))

    def remove(self, folder, name):
        with db.engine.begin() as connection:
            connection.execute(delete(StoredFile).where(StoredFile.path == f"{folder}/{name}"))

    def exists(self, folder, name):
        with db.engine.connect() as connection:
            return connection.scalar(select(StoredFile.size).where(
                StoredFile.path == f"{folder}/{name}")) is not None

    def open(self, folder, name):
        """(binary file read CHUNK bytes at a time, size); FileNotFoundError when gone."""
        path = f"{folder}/{name}"
        with db.engine.connect() as connection:
            size = connection.scalar(select(StoredFile.size).where(StoredFile.path == path))
        if size is None:
            raise FileNotFoundError(path)
        return io.BufferedReader(_DatabaseFile(db.engine, path, size), buffer_size=CHUNK), size


class _DatabaseFile(io.RawIOBase):
    """A stored file read in slices: a download never holds the whole file or a transaction.

    The engine is kept: the server reads the body after the request's context is gone.
    """

    def __init__(self, engine, path, size):
        super().__init__()
        self.engine, self.path, self.size, self.position = engine, path, size, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        length = min(len(buffer), CHUNK, self.size - self.position)
        if length <= 0:
            return 0
        with self.engine.connect() as connection:
            data = connection.scalar(select(func.substr(StoredFile.data, self.position + 1, length))
                                     .where(StoredFile.path == self.path)) or b""
        buffer[:len(data)] = data
        self.position += len(data)
        return len(data)


def storage(app=None):
    """The store FILE_STORAGE names."""
    app = app or current_app
    if app.config.get("FILE_STORAGE", "local") == "database":
        return DatabaseStorage()
    return LocalStorage(app.config["UPLOAD_FOLDER"])
