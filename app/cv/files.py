"""PDF CVs on disk: checked by content, stored under a random name, written atomically.

Files live in UPLOAD_FOLDER (instance/uploads), outside any static folder. A
new file is written to a temporary name then moved into place before the row
that names it is committed, so a crash never leaves a row without its file.
"""
import io
import logging
import os
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from pypdf import PdfReader

from app import uploads
from app.errors import DomainError

MAX_TEXT = 100_000
log = logging.getLogger(__name__)
uploads.names_files("candidate_profile", "cv_file", "cv")  # what a backup copies


class BadFile(DomainError):
    """A file that is not an acceptable PDF CV."""


class FileTooLarge(BadFile):
    """Above the CV size limit: answered with 413."""


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


def extract_text(data):
    """The text of a PDF, or BadFile when it is not a readable PDF."""
    if not data.startswith(b"%PDF-"):
        raise BadFile(_("Ce fichier n'est pas un PDF."))
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise BadFile(_("Ce PDF est protégé par un mot de passe : envoyez-le sans protection."))
        pages = [page.extract_text() or "" for page in reader.pages]
    except BadFile:
        raise
    except Exception as error:  # pypdf raises many kinds of errors on broken files
        raise BadFile(_("Ce PDF est illisible : enregistrez-le de nouveau puis réessayez.")) \
            from error
    if not pages:
        raise BadFile(_("Ce PDF ne contient aucune page."))
    return "\n".join(pages)[:MAX_TEXT]


def folder():
    path = Path(current_app.config["UPLOAD_FOLDER"]) / "cv"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(data):
    """Write the file under a fresh random name; returns that name."""
    name = f"{secrets.token_hex(16)}.pdf"
    draft = folder() / f".{name}.part"
    with open(draft, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(draft, folder() / name)
    return name


def path_of(name):
    return folder() / name


def remove(name):
    """Delete a stored file (deferred while a backup runs); a missing file is only logged."""
    if not name:
        return
    if not (folder() / name).exists():
        log.warning("CV file %s already gone", name)
    uploads.delete(folder() / name)


def display_name(name):
    """The original file name, cut to what the column holds."""
    return name[-200:]
