"""CV files through the database storage (FILE_STORAGE=database): the bytes
commit and roll back with the row naming them, downloads are read in slices,
and nothing is written to the upload folder."""
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import storage
from app.cv import services
from app.cv.models import CandidateProfile
from app.extensions import db
from app.storage import StoredFile
from tests import factories
from tests.conftest import PASSWORD
from tests.cv.conftest import upload
from tests.cv.test_upload import _just_above_five
from tests.queries import count_queries


@pytest.fixture(autouse=True)
def in_database(app):
    app.config["FILE_STORAGE"] = "database"


def own_profile(user):
    return db.session.scalar(select(CandidateProfile).where(CandidateProfile.user_id == user.id))


def held():
    """{path: bytes} of the stored files."""
    db.session.commit()
    return dict(db.session.execute(select(StoredFile.path, StoredFile.data)).all())


def on_disk(app):
    return sorted(p.name for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file())


def test_an_upload_keeps_its_bytes_in_the_database_and_none_on_disk(app, client, auth,
                                                                    candidate):
    auth.login(candidate)
    data = factories.pdf_bytes("Infirmière DEI")
    assert upload(client, data).status_code == 302
    assert held() == {f"cv/{own_profile(candidate).cv_file}": data}
    assert on_disk(app) == []


def test_a_download_streams_the_bytes_in_slices(client, auth, candidate, member_a,
                                                monkeypatch):
    data = factories.pdf_bytes("x" * 3000)
    auth.login(candidate)
    upload(client, data)
    profile = own_profile(candidate)
    services.show_in_bank(candidate)  # consent, then staff approve: in the bank
    profile = own_profile(candidate)
    profile.moderation = "approved"
    db.session.commit()
    auth.logout()
    auth.login(member_a)
    monkeypatch.setattr(storage, "CHUNK", 512)
    with count_queries() as statements:
        response = client.get(f"/cv/{profile.id}/file")
    assert response.status_code == 200 and response.data == data
    assert response.content_length == len(data)
    slices = [s for s in statements if "substr" in s.lower()]
    assert len(slices) == -(-len(data) // 512) > 1  # one read per slice, never the whole row


def test_a_replacement_deletes_the_old_bytes_in_the_same_commit(client, auth, candidate):
    auth.login(candidate)
    upload(client, factories.pdf_bytes("premier"))
    upload(client, factories.pdf_bytes("second"))
    assert list(held()) == [f"cv/{own_profile(candidate).cv_file}"]


def test_a_failed_unit_of_work_leaves_neither_row_nor_bytes(client, auth, candidate,
                                                            monkeypatch):
    auth.login(candidate)
    upload(client, factories.pdf_bytes("premier"))
    before = held()

    def fails(*args, **kwargs):
        raise RuntimeError("the audit log is down")
    monkeypatch.setattr(services, "record", fails)
    assert upload(client, factories.pdf_bytes("second")).status_code == 500
    assert held() == before
    assert f"cv/{own_profile(candidate).cv_file}" in before


def test_the_size_limit_holds(client, auth, candidate):
    auth.login(candidate)
    assert upload(client, _just_above_five()).status_code == 413
    assert held() == {}


def test_an_erased_account_takes_its_bytes_with_it(client, auth, candidate):
    auth.login(candidate)
    upload(client, factories.pdf_bytes())
    assert held()
    response = client.post("/cv/me/delete", data={"password": PASSWORD})
    assert response.status_code == 302
    assert held() == {}
    assert db.session.scalar(select(func.count()).select_from(CandidateProfile)) == 0


def test_a_backup_carries_the_bytes_in_the_database_copy(app, runner, tmp_path):
    path = f"cv/{factories.cv_profile().cv_file}"
    data = held()[path]
    archive = tmp_path / "backup.tar.gz"
    result = runner.invoke(args=["backup", "--output", str(archive)])
    assert result.exit_code == 0, result.output
    db.session.execute(StoredFile.__table__.delete())
    db.session.commit()
    result = runner.invoke(args=["restore", "--yes", str(archive)])
    assert result.exit_code == 0, result.output
    assert held() == {path: data}
