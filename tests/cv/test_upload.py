"""Uploading a CV: real PDFs accepted, everything else refused and the old CV kept."""
import html
import os
import stat

import pytest
from sqlalchemy import select

from app.cv import files
from app.cv.models import CandidateProfile
from app.extensions import db
from tests import factories
from tests.cv.conftest import upload

MB = 1024 * 1024


def own_profile(user):
    return db.session.scalar(select(CandidateProfile).where(CandidateProfile.user_id == user.id))


def test_a_real_pdf_is_stored_under_a_random_name_with_its_text(client, auth, candidate, stored):
    auth.login(candidate)
    response = upload(client, factories.pdf_bytes("Infirmière DEI, bloc et EHPAD"), "Mon CV.pdf")
    assert response.status_code == 302
    profile = own_profile(candidate)
    assert profile.cv_filename == "Mon CV.pdf"
    assert stored() == [profile.cv_file] and profile.cv_file != "Mon CV.pdf"
    assert "Infirmi" in profile.cv_text and "EHPAD" in profile.cv_text
    assert profile.moderation == "pending"


def test_a_new_cv_replaces_the_old_file(client, auth, candidate, stored):
    auth.login(candidate)
    upload(client, factories.pdf_bytes("premier"))
    first = own_profile(candidate).cv_file
    upload(client, factories.pdf_bytes("second"))
    profile = own_profile(candidate)
    assert profile.cv_file != first and stored() == [profile.cv_file]
    assert "second" in profile.cv_text


def _html_page():
    return b"<!doctype html><html><body><script>alert(1)</script></body></html>"


def _six_megabytes():
    pdf = factories.pdf_bytes()
    return pdf + b"%" + b"0" * (6 * MB - len(pdf) - 1)


def _just_above_five():
    pdf = factories.pdf_bytes()
    return pdf + b"%" + b"0" * (5 * MB + 10 - len(pdf))


@pytest.mark.parametrize("name, make, status, message", [
    ("../../x.pdf", factories.pdf_bytes, 400, "Nom de fichier refusé"),
    ("page.pdf", _html_page, 400, "n'est pas un PDF"),
    ("vide.pdf", lambda: b"", 400, "Le fichier est vide"),
    ("faux.pdf", lambda: b"%PDF-1.7 rien de plus", 400, "illisible"),
    ("cv.docx", factories.pdf_bytes, 400, "Seuls les fichiers PDF"),
    ("gros.pdf", _just_above_five, 413, "dépasse 5 Mo"),
    ("enorme.pdf", _six_megabytes, 413, "5 Mo"),
])
def test_bad_files_are_refused_and_the_previous_cv_kept(client, auth, candidate, stored,
                                                        name, make, status, message):
    auth.login(candidate)
    upload(client, factories.pdf_bytes("le bon CV"))
    before = own_profile(candidate).cv_file
    response = upload(client, make(), name)
    assert response.status_code == status
    assert message in html.unescape(response.text)
    profile = own_profile(candidate)
    assert profile.cv_file == before and "le bon CV" in profile.cv_text
    assert stored() == [before]


def test_a_first_refused_upload_writes_nothing(client, auth, candidate, stored):
    auth.login(candidate)
    assert upload(client, _six_megabytes()).status_code == 413
    assert own_profile(candidate) is None and stored() == []


def test_a_stored_file_reaches_the_disk_before_its_rename_and_the_rename_after(app, monkeypatch):
    """A power cut must not leave a row naming a file whose bytes or name were never written."""
    calls, real_fsync, real_replace = [], os.fsync, os.replace

    def fsync(descriptor):
        calls.append("sync folder" if stat.S_ISDIR(os.fstat(descriptor).st_mode) else "sync file")
        real_fsync(descriptor)

    def replace(source, target):
        calls.append("rename")
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    files.store(factories.pdf_bytes())
    assert calls == ["sync file", "rename", "sync folder"]
