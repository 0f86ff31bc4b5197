"""PDF CVs: checked by content, stored under a random name through the file
storage (app/storage.py: UPLOAD_FOLDER, outside any static folder, or the
database).

An upload is read and checked in a bounded process of its own (pdf_worker.py)
before the unit of work that points a row to it starts, so a hostile file
never holds a database lock. A local folder has the file written, synced and
moved into place before that unit of work; the database gets its bytes in it.
Either way a crash never leaves a row without its file.
"""
import json
import logging
import math
import subprocess  # nosec B404
import sys
from collections import namedtuple
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from app import storage, uploads
from app.errors import DomainError

log = logging.getLogger(__name__)
uploads.names_files("candidate_profile", "cv_file", "cv")  # what a backup copies


class BadFile(DomainError):
    """A file that is not an acceptable PDF CV."""

    status = 400


class FileTooLarge(BadFile):
    """Above the CV size limit: answered with 413."""

    status = 413


class StorageFailed(DomainError):
    """The server could not write the file (a full disk): not the candidate's fault."""

    status = 503


def status_of(error):
    """The HTTP status a refused upload is answered with."""
    return getattr(error, "status", 400)


def max_bytes():
    return current_app.config["CV_MAX_BYTES"]


def read_upload(storage):
    """The bytes of an uploaded file, refused when its name or size is wrong."""
    name = storage.filename or ""
    if not name or "/" in name or "\\" in name or name.startswith(".") or ".." in name:
        raise BadFile(_("Nom de fichier refusé : choisissez un fichier PDF ordinaire."))
    if not name.lower().endswith(".pdf"):
        raise BadFile(_("Seuls les fichiers PDF sont acceptés."))
    data = storage.stream.read(max_bytes() + 1)
    if len(data) > max_bytes():
        raise FileTooLarge(_("Le fichier dépasse %(mb)d Mo : envoyez un PDF plus léger.",
                             mb=max_bytes() // (1024 * 1024)))
    if not data:
        raise BadFile(_("Le fichier est vide."))
    return name, data


# Bounds of the check: a CV has a few pages of text; a file past them is refused.
MAX_PAGES = 50
MAX_INFLATED = 4 * 1024 * 1024  # bytes of page content once decompressed
CHECK_SECONDS = 10
WORKER = Path(__file__).with_name("pdf_worker.py")


def _messages():
    export = _("exportez de nouveau votre CV en PDF simple (« Imprimer » puis « Enregistrer "
               "au format PDF »), puis réessayez.")
    return {
        "not_pdf": _("Ce fichier n'est pas un PDF."),
        "active": _("Ce PDF contient du contenu actif (script, action automatique, fichier "
                    "joint ou page web) : %(export)s", export=export),
        "pages": _("Ce PDF compte plus de %(pages)d pages : envoyez un CV plus court.",
                   pages=MAX_PAGES),
        "heavy": _("Ce PDF est trop lourd à lire : %(export)s", export=export),
        "encrypted": _("Ce PDF est protégé par un mot de passe : envoyez-le sans protection."),
        "empty": _("Ce PDF ne contient aucune page."),
        "unreadable": _("Ce PDF est illisible : enregistrez-le de nouveau puis réessayez."),
    }


def _run_worker(data, seconds):
    """The worker's answer, or "heavy" when it overran its time or memory."""
    command = [sys.executable, "-I", str(WORKER), str(MAX_PAGES), str(MAX_INFLATED),
               str(math.ceil(seconds))]
    try:
        done = subprocess.run(command, input=data, capture_output=True,  # nosec B603
                              timeout=seconds, check=False)
        return json.loads(done.stdout)
    except subprocess.TimeoutExpired:
        log.warning("PDF check stopped after %s s", seconds)
    except OSError as error:  # no process could be started (memory, process limit)
        log.error("PDF check not started: %s", error)
        raise StorageFailed(_("Votre CV n'a pas pu être vérifié pour le moment : "
                              "réessayez dans quelques minutes.")) from error
    except ValueError:  # killed by its limits: no answer on stdout
        log.warning("PDF check ended without an answer (exit %s): %s", done.returncode,
                    done.stderr[-500:].decode(errors="replace"))
    return {"refused": "heavy"}


def extract_text(data, seconds=CHECK_SECONDS):
    """The text of an acceptable PDF, read in a bounded process; BadFile otherwise.

    Untrusted bytes are parsed only there, so a hostile file costs one job of at most
    `seconds`, never a database lock: call this before any write transaction.
    """
    answer = _run_worker(data, seconds)
    if "refused" in answer:
        raise BadFile(_messages()[answer["refused"]])
    return answer["text"]


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


class Upload(namedtuple("Upload", "staged filename size text")):
    """A checked, stored upload: `file` is the name a row gives it."""

    @property
    def file(self):
        return self.staged.name


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


def display_name(name):
    """The original file name, cut to what the column holds."""
    return name[-200:]
