"""The VAPID key pair: generated into instance/ on first run (0600, never overwritten), or given."""
import stat

import pytest
from flask import Flask

from app.push import keys
from tests.conftest import VAPID_PRIVATE_KEY


def bare_app(tmp_path, **settings):
    app = Flask("sample", instance_path=str(tmp_path / "instance"))
    app.config.update({"BASE_URL": "http://127.0.0.1:5000",
                       "MAIL_SENDER": "GTEC <no-reply@gtec.invalid>", **settings})
    return app


def test_the_first_push_writes_a_private_key_only_its_owner_reads(tmp_path):
    app = bare_app(tmp_path)
    keys.configure(app)
    assert not (tmp_path / "instance").exists()  # an app that never pushes writes nothing

    public = keys.public_key(app)
    path = tmp_path / "instance" / "vapid_private_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert keys.public_key_of(keys.vapid_of(path.read_text())) == public
    assert len(keys.b64url_decode(public)) == 65


def test_the_next_runs_keep_the_same_key(tmp_path):
    first, second = bare_app(tmp_path), bare_app(tmp_path)
    keys.configure(first)
    keys.configure(second)
    public = keys.public_key(first)
    written = (tmp_path / "instance" / "vapid_private_key").read_text()
    assert keys.public_key(second) == public
    assert (tmp_path / "instance" / "vapid_private_key").read_text() == written


def test_a_key_given_in_the_settings_is_used_and_nothing_is_written(tmp_path):
    app = bare_app(tmp_path, VAPID_PRIVATE_KEY=VAPID_PRIVATE_KEY)
    keys.configure(app)
    assert keys.public_key(app) == keys.public_key_of(keys.vapid_of(VAPID_PRIVATE_KEY))
    assert not (tmp_path / "instance").exists()


def test_a_pem_key_is_accepted_too(tmp_path):
    vapid = keys.vapid_of(VAPID_PRIVATE_KEY)
    app = bare_app(tmp_path, VAPID_PRIVATE_KEY=vapid.private_pem().decode())
    keys.configure(app)
    assert keys.public_key(app) == keys.public_key_of(vapid)


@pytest.mark.parametrize("bad", ["not-a-key", "AAAA", "-----BEGIN PRIVATE KEY-----\nxx\n-----END PRIVATE KEY-----"])
def test_a_wrong_key_stops_the_start_with_its_reason(tmp_path, bad):
    with pytest.raises(ValueError, match="VAPID_PRIVATE_KEY"):
        keys.configure(bare_app(tmp_path, VAPID_PRIVATE_KEY=bad))


def test_the_contact_is_the_site_over_https_else_the_mail_sender(tmp_path):
    assert keys.default_subject({"BASE_URL": "https://emploi.gtec-bocage.fr",
                                 "MAIL_SENDER": "x@y.fr"}) == "https://emploi.gtec-bocage.fr"
    assert keys.default_subject({"BASE_URL": "http://127.0.0.1:5000",
                                 "MAIL_SENDER": "GTEC <contact@gtec-bocage.fr>"}) == "mailto:contact@gtec-bocage.fr"
    app = bare_app(tmp_path, VAPID_PRIVATE_KEY=VAPID_PRIVATE_KEY, VAPID_SUBJECT="mailto:admin@gtec-bocage.fr")
    keys.configure(app)
    assert app.config["VAPID_SUBJECT"] == "mailto:admin@gtec-bocage.fr"
