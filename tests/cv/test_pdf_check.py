"""Hostile PDFs: refused by the bounded check with a French message, the previous CV kept."""
import html
import time

import pytest

from app import pdf_check
from app.cv import files
from tests import factories, pdfs
from tests.cv.conftest import upload
from tests.cv.test_upload import own_profile

EXPORT_AGAIN = "exportez de nouveau votre CV en PDF simple"


def _replace_good_cv(client, auth, candidate, data):
    """Upload a good CV, then `data`: the answer, the seconds it took, the profile after."""
    auth.login(candidate)
    upload(client, factories.pdf_bytes("le bon CV"))
    before = own_profile(candidate).cv_file
    started = time.monotonic()
    response = upload(client, data)
    seconds = time.monotonic() - started
    profile = own_profile(candidate)
    assert profile.cv_file == before and "le bon CV" in profile.cv_text
    return response, seconds


@pytest.mark.parametrize("make, message", [
    (pdfs.repeated_page, "plus de 50 pages"),
    (pdfs.inflating_stream, "trop lourd à lire"),
], ids=["60000-pages", "stream-inflating-to-20MB"])
def test_a_pdf_past_the_bounds_is_refused(client, auth, candidate, stored, make, message):
    data = make()
    response, seconds = _replace_good_cv(client, auth, candidate, data)
    assert response.status_code == 400
    assert message in html.unescape(response.text)
    assert len(stored()) == 1
    print(f"{len(data) // 1024} KB refused in {seconds:.2f} s")


def test_a_check_that_overruns_its_time_is_stopped_and_refused(app):
    with pytest.raises(files.BadFile, match="trop lourd"):
        files.extract_text(factories.pdf_bytes(), seconds=0.01)


@pytest.mark.parametrize("name", sorted(pdfs.ACTIVE))
def test_active_content_is_refused(client, auth, candidate, stored, name):
    response, _seconds = _replace_good_cv(client, auth, candidate, pdfs.ACTIVE[name]())
    assert response.status_code == 400
    text = html.unescape(response.text)
    assert "contenu actif" in text and EXPORT_AGAIN in text
    assert len(stored()) == 1


def test_a_member_cannot_share_a_cv_with_active_content(client, auth, member_a, stored):
    auth.login(member_a)
    response = upload(client, pdfs.ACTIVE["openaction-javascript"](), url="/cv/share",
                      email="julie@example.org", occupation="J1501", agreed="y")
    assert response.status_code == 400
    assert "contenu actif" in html.unescape(response.text)
    assert stored() == []


def _with_link():
    from fpdf import FPDF
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text="Profil en ligne", link="https://www.linkedin.com/in/julie")
    return bytes(document.output())


@pytest.mark.parametrize("make", [
    _with_link,
    # Binary stream data (a photo) holding bytes that spell an active name is no action.
    lambda: pdfs.document(extra=[pdfs._stream(b"\x00/JS \x89/AA\n/Launch\x00")]),
    lambda: pdfs.document(catalog=b"/OpenAction [3 0 R /Fit]"),
    lambda: pdfs.packed(b"/PageMode /UseNone"),
], ids=["web-link", "names-inside-a-stream", "open-at-first-page", "packed-catalog"])
def test_ordinary_pdfs_are_accepted(client, auth, candidate, make):
    auth.login(candidate)
    assert upload(client, make()).status_code == 302
    assert own_profile(candidate).cv_file is not None


def test_a_check_that_cannot_start_asks_to_retry_and_keeps_the_cv(client, auth, candidate,
                                                                   stored, monkeypatch):
    """No process can be started (memory, process limit): a French 503, never a 500."""
    auth.login(candidate)
    upload(client, factories.pdf_bytes("le bon CV"))
    before = own_profile(candidate).cv_file
    monkeypatch.setattr(pdf_check.sys, "executable", "/nonexistent/python3")
    response = upload(client, factories.pdf_bytes("un autre CV"))
    assert response.status_code == 503
    assert "n'a pas pu être vérifié" in html.unescape(response.text)
    assert own_profile(candidate).cv_file == before and len(stored()) == 1
