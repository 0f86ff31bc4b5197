"""PDF CVs: checked by content (app/pdf_check.py), stored under a random name through
the file storage (app/storage.py: UPLOAD_FOLDER, outside any static folder, or the
database).

An upload is read and checked in a bounded process of its own (pdf_worker.py)
before the unit of work that points a row to it starts, so a hostile file
never holds a database lock. A local folder has the file written, synced and
moved into place before that unit of work; the database gets its bytes in it.
Either way a crash never leaves a row without its file.
"""
import logging

from flask import current_app
from flask_babel import gettext as _

from app import pdf_check, storage, uploads
from app.pdf_check import (BadFile, FileTooLarge, StorageFailed, Upload,  # noqa: F401
                           display_name, status_of)

log = logging.getLogger(__name__)
uploads.names_files("candidate_profile", "cv_file", "cv")  # what a backup copies

# The PDF checks are shared (app/pdf_check.py); what their refusals say of a CV is here.
WORDING = pdf_check.Wording(
    export=lambda: _("exportez de nouveau votre CV en PDF simple (« Imprimer » puis "
                     "« Enregistrer au format PDF »), puis réessayez."),
    shorter=lambda pages: _("Ce PDF compte plus de %(pages)d pages : envoyez un CV plus "
                            "court.", pages=pages),
    not_checked=lambda: _("Votre CV n'a pas pu être vérifié pour le moment : réessayez "
                          "dans quelques minutes."))


def max_bytes():
    return current_app.config["CV_MAX_BYTES"]


def read_upload(upload):
    """The bytes of an uploaded CV, refused when its name or size is wrong."""
    return pdf_check.read_upload(upload, max_bytes())


def extract_text(data, seconds=pdf_check.CHECK_SECONDS):
    """The text of an acceptable PDF CV (app/pdf_check.py); BadFile otherwise."""
    return pdf_check.extract_text(data, WORDING, seconds)


FOLDER = "cv"  # the sub-folder (or path prefix) of CV files in the storage


def stage(data):
    """Give the checked file a fresh random name in the storage (app/storage.py);
    a local folder writes it now, whole and synced, before any unit of work."""
    try:
        return storage.storage().stage(FOLDER, data, ".pdf")
    except OSError as error:
        log.error("CV file not written: %s", error)
        raise StorageFailed(_("Votre CV n'a pas pu être enregistré sur le serveur : "
                              "réessayez dans quelques minutes.")) from error


def store(data):
    """Store a file at once, its bytes in the current session for the database;
    returns its name (demo data, tests: uploads go through accept and keep)."""
    staged = stage(data)
    storage.storage().keep(staged)
    return staged.name


def remove(name):
    """Delete a stored file now (deferred while a backup runs, for a local folder)."""
    storage.storage().remove(FOLDER, name)


def accept(upload):
    """Read, check (in a bounded process) and store an upload: before any write lock."""
    name, data = read_upload(upload)
    text = extract_text(data)
    return Upload(stage(data), display_name(name), len(data), text)


def keep(upload):
    """In the unit of work that makes a row name the upload (the database's bytes)."""
    storage.storage().keep(upload.staged)


def drop(upload):
    """The unit of work that was to name the upload failed: no file is left."""
    storage.storage().drop(upload.staged)


def discard(work, name):
    """The unit of work `work` stops naming the file: it goes with that commit."""
    if name:
        storage.storage().discard(work, FOLDER, name)


def open_file(name):
    """(binary file, size) of a stored CV, read as it is sent; FileNotFoundError."""
    return storage.storage().open(FOLDER, name)
