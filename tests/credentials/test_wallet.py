"""The credentials wallet: states over a frozen clock, verification and its reset, bad
input refused at its field, proof access and its log, export and erasure."""
import html
import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app import storage
from app.credentials import services
from app.credentials.lifecycle import state_of
from app.credentials.models import PROOF_FOLDER, Credential, CredentialAccess
from app.credentials.rules import computed_expiry, rpps_ok
from app.extensions import db
from app.timeutil import utcnow
from tests import factories, pdfs
from tests.credentials.factories import RPPS, credential
from tests.replacements.factories import pro_profile

TODAY = date(2026, 12, 2)


def count():
    return db.session.scalar(select(func.count(Credential.id)))


def form(client, url="/credentials/new", proof=None, name="preuve.pdf", **fields):
    data = {"type": "DEAS", "number": "", "obtained_on": "2020-06-01", "expires_on": "",
            **fields}
    if proof is not None:
        data["proof"] = (io.BytesIO(proof), name)
    return client.post(url, data=data, content_type="multipart/form-data")


@pytest.mark.parametrize("expires_on, verified, expected", [
    (None, False, "to_check"),
    (None, True, "valid"),
    (TODAY + timedelta(days=91), True, "valid"),
    (TODAY + timedelta(days=90), True, "expiring"),
    (TODAY, True, "expiring"),
    (TODAY - timedelta(days=1), True, "expired"),
    (TODAY - timedelta(days=1), False, "expired"),
])
def test_state_across_a_frozen_clock(app, expires_on, verified, expected):
    item = Credential(type="AFGSU2", obtained_on=date(2020, 1, 1), expires_on=expires_on,
                      verified_at=utcnow() if verified else None)
    assert state_of(item, TODAY) == expected


def test_afgsu_lapses_four_years_after_and_rpps_key():
    assert computed_expiry("AFGSU2", date(2024, 2, 29)) == date(2028, 2, 29)
    assert computed_expiry("AFGSU1", date(2023, 2, 28)) == date(2027, 2, 28)
    assert computed_expiry("DEAS", date(2023, 2, 28)) is None
    assert rpps_ok(RPPS) and not rpps_ok(RPPS[:-1] + "7") and not rpps_ok("1234")


def test_holder_adds_with_a_proof_and_afgsu_expiry_is_computed(app, client, auth, candidate):
    auth.login(candidate)
    response = form(client, proof=factories.pdf_bytes("AFGSU"), type="AFGSU2",
                    obtained_on="2024-03-10", expires_on="2030-01-01")
    assert response.status_code == 302
    item = db.session.scalar(select(Credential))
    assert item.expires_on == date(2028, 3, 10) and item.state == "to_check"
    assert storage.storage().exists(PROOF_FOLDER, item.proof_file)
    assert "À vérifier" in client.get("/credentials/").text


@pytest.mark.parametrize("fields, proof, field, message", [
    ({"obtained_on": "2022-01-01", "expires_on": "2021-01-01"}, None, "expires_on",
     "ne peut pas précéder"),
    ({"type": "DEI", "number": "10003456787"}, None, "number", "RPPS invalide"),
    ({"type": "DEI", "number": ""}, None, "number", "numéro RPPS"),
    ({"type": "CAP_CUISINE"}, None, "type", "Choisissez une valeur"),
    ({}, b"not a pdf at all", "proof", "PDF"),
])
def test_bad_input_is_refused_at_its_field(app, client, auth, candidate, fields, proof, field,
                                           message):
    auth.login(candidate)
    response = form(client, proof=proof, **fields)
    assert response.status_code in (400, 413)
    assert f'id="{field}-error"' in response.text and message in response.text
    assert count() == 0


def test_a_word_file_is_refused(app, client, auth, candidate):
    auth.login(candidate)
    response = form(client, proof=factories.pdf_bytes(), name="preuve.docx")
    assert response.status_code == 400 and "Seuls les fichiers PDF" in response.text
    assert count() == 0


@pytest.fixture
def known(candidate, establishment_a):
    """The candidate works for establishment A (pool), so member_a may verify."""
    pro_profile(candidate, employers=[establishment_a])
    return candidate


def test_verification_is_kept_shown_and_reset_on_edit(app, client, auth, known, member_a):
    item = credential(known)
    auth.login(member_a)
    assert client.post(f"/credentials/{item.id}/verify").status_code == 302
    db.session.expire_all()
    item = db.session.get(Credential, item.id)
    assert item.verified_by_id == member_a.id and item.verified_at is not None
    assert item.state == "valid"
    assert member_a.full_name in client.get(f"/credentials/person/{known.id}").text
    auth.logout()
    auth.login(known)
    assert member_a.full_name in client.get("/credentials/").text
    assert form(client, f"/credentials/{item.id}/edit", number="A123").status_code == 302
    db.session.expire_all()
    item = db.session.get(Credential, item.id)
    assert item.verified_at is None and item.verified_by_name is None
    assert item.state == "to_check" and item.proof_file  # the proof kept


def test_verifying_a_stranger_answers_404(app, client, auth, candidate, member_b):
    item = credential(candidate)
    auth.login(member_b)
    assert client.post(f"/credentials/{item.id}/verify").status_code == 404
    db.session.expire_all()
    assert db.session.get(Credential, item.id).verified_at is None


def test_delete_asks_then_removes_the_proof(app, client, auth, candidate):
    item = credential(candidate)
    name = item.proof_file
    auth.login(candidate)
    assert "Supprimer définitivement" in client.get(f"/credentials/{item.id}/delete").text
    assert client.post(f"/credentials/{item.id}/delete").status_code == 302
    assert count() == 0 and not storage.storage().exists(PROOF_FOLDER, name)


@pytest.mark.parametrize("who, status", [("owner", 200), ("verifier", 200), ("other", 404),
                                         ("stranger_candidate", 404), ("anonymous", 302)])
def test_proof_access_and_its_log(app, client, auth, known, member_a, member_b, who, status):
    item = credential(known)
    people = {"owner": known, "verifier": member_a, "other": member_b,
              "stranger_candidate": factories.user("candidate"), "anonymous": None}
    if people[who] is not None:
        auth.login(people[who])
    response = client.get(f"/credentials/{item.id}/proof")
    assert response.status_code == status
    if status == 302:
        assert response.headers["Location"].startswith("/auth/login")
    if status == 200:
        assert response.data.startswith(b"%PDF")
    logged = db.session.scalars(select(CredentialAccess)).all()
    assert [row.viewer_id for row in logged] == ([member_a.id] if who == "verifier" else [])
    if who == "verifier":
        auth.logout()
        auth.login(known)
        assert member_a.full_name in client.get("/credentials/").text


def test_export_holds_credentials_and_proofs(app, client, auth, candidate):
    item = credential(candidate, type="DEI", number=RPPS)
    auth.login(candidate)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/cv/me/export").data))
    data = json.loads(archive.read("donnees.json"))
    assert data["credentials"][0]["number"] == RPPS
    assert data["credentials"][0]["state"] == "to_check"
    assert archive.read(f"justificatifs/{item.id}.pdf").startswith(b"%PDF")


def test_erasure_removes_credentials_and_proofs(app, client, auth, candidate):
    name = credential(candidate).proof_file
    auth.login(candidate)
    response = client.post("/cv/me/delete", data={"password": factories.PASSWORD})
    assert response.status_code == 302
    assert count() == 0 and not storage.storage().exists(PROOF_FOLDER, name)


@pytest.mark.parametrize("make, message", [
    (lambda: pdfs.ACTIVE["openaction-javascript"](), "votre justificatif en PDF simple"),
    (pdfs.repeated_page, "envoyez un justificatif plus court"),
], ids=["active-content", "too-many-pages"])
def test_a_refused_proof_speaks_of_a_proof_not_a_cv(app, client, auth, candidate, make,
                                                    message):
    auth.login(candidate)
    response = form(client, proof=make())
    text = html.unescape(response.text)
    assert response.status_code == 400 and message in text and "votre CV" not in text
    assert "un CV plus court" not in text
    assert count() == 0
