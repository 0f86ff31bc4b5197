"""Uploaded PDFs (a CV, a credential's proof): read, checked by content in a bounded
process of their own (pdf_worker.py), refused with a French message worded for their use.

An upload is checked before the unit of work that points a row to it starts, so a
hostile file never holds a database lock. The features keep their folder and rows
(app/cv/files.py, app/credentials/services.py); this module keeps the checks.
"""
import json
import logging
import math
import subprocess  # nosec B404
import sys
from collections import namedtuple
from pathlib import Path

from flask_babel import gettext as _

from app.errors import DomainError

log = logging.getLogger(__name__)

# Bounds of the check: a document has a few pages of text; a file past them is refused.
MAX_PAGES = 50
MAX_INFLATED = 4 * 1024 * 1024  # bytes of page content once decompressed
CHECK_SECONDS = 10
WORKER = Path(__file__).with_name("pdf_worker.py")

# What a refusal says of the document, per use: each a callable giving the French text.
#   export: how to make a plain PDF again; shorter: ask for fewer pages; not_checked:
#   the check could not run.
Wording = namedtuple("Wording", "export shorter not_checked")


class BadFile(DomainError):
    """A file that is not an acceptable PDF."""

    status = 400


class FileTooLarge(BadFile):
    """Above the size limit: answered with 413."""

    status = 413


class StorageFailed(DomainError):
    """The server could not write or check the file (a full disk): not the user's fault."""

    status = 503


def status_of(error):
    """The HTTP status a refused upload is answered with."""
    return getattr(error, "status", 400)


def read_upload(storage, max_bytes):
    """(name, bytes) of an uploaded file, refused when its name or size is wrong."""
    name = storage.filename or ""
    if not name or "/" in name or "\\" in name or name.startswith(".") or ".." in name:
        raise BadFile(_("Nom de fichier refusé : choisissez un fichier PDF ordinaire."))
    if not name.lower().endswith(".pdf"):
        raise BadFile(_("Seuls les fichiers PDF sont acceptés."))
    data = storage.stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileTooLarge(_("Le fichier dépasse %(mb)d Mo : envoyez un PDF plus léger.",
                             mb=max_bytes // (1024 * 1024)))
    if not data:
        raise BadFile(_("Le fichier est vide."))
    return name, data


def _messages(wording):
    export = wording.export()
    return {
        "not_pdf": _("Ce fichier n'est pas un PDF."),
        "active": _("Ce PDF contient du contenu actif (script, action automatique, fichier "
                    "joint ou page web) : %(export)s", export=export),
        "pages": wording.shorter(MAX_PAGES),
        "heavy": _("Ce PDF est trop lourd à lire : %(export)s", export=export),
        "encrypted": _("Ce PDF est protégé par un mot de passe : envoyez-le sans protection."),
        "empty": _("Ce PDF ne contient aucune page."),
        "unreadable": _("Ce PDF est illisible : enregistrez-le de nouveau puis réessayez."),
    }


def _run_worker(data, seconds, wording):
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
        raise StorageFailed(wording.not_checked()) from error
    except ValueError:  # killed by its limits: no answer on stdout
        log.warning("PDF check ended without an answer (exit %s): %s", done.returncode,
                    done.stderr[-500:].decode(errors="replace"))
    return {"refused": "heavy"}


def extract_text(data, wording, seconds=CHECK_SECONDS):
    """The text of an acceptable PDF, read in a bounded process; BadFile otherwise.

    Untrusted bytes are parsed only there, so a hostile file costs one job of at most
    `seconds`, never a database lock: call this before any write transaction.
    """
    answer = _run_worker(data, seconds, wording)
    if "refused" in answer:
        raise BadFile(_messages(wording)[answer["refused"]])
    return answer["text"]


class Upload(namedtuple("Upload", "staged filename size text")):
    """A checked, stored upload: `file` is the name a row gives it."""

    @property
    def file(self):
        return self.staged.name


def display_name(name):
    """The original file name, cut to what the column holds."""
    return name[-200:]
