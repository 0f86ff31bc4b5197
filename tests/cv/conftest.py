import io

import pytest

from tests import factories


@pytest.fixture
def pdf():
    return factories.pdf_bytes()


def upload(client, data, name="cv.pdf", url="/cv/me/upload", **fields):
    """POST a file as a browser would."""
    return client.post(url, data={"cv": (io.BytesIO(data), name), **fields},
                       content_type="multipart/form-data")


@pytest.fixture
def stored(app):
    """The names of the CV files on disk."""
    from pathlib import Path
    folder = Path(app.config["UPLOAD_FOLDER"]) / "cv"
    return lambda: sorted(p.name for p in folder.glob("*")) if folder.exists() else []
