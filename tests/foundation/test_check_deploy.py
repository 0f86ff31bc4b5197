"""`flask check-deploy` refuses an unsafe production configuration."""
import pytest

from tests.conftest import make_app

SAFE = {"SECRET_KEY": "k" * 48, "SESSION_COOKIE_SECURE": True,
        "MAX_CONTENT_LENGTH": 6 * 1024 * 1024, "PROXY_FIX": True,
        "BASE_URL": "https://emploi.gtec-bocage.fr"}


def check(database_url, tmp_path, *args, **config):
    app = make_app(database_url, tmp_path, **{**SAFE, **config})
    return app.test_cli_runner().invoke(args=["check-deploy", *args])


def test_a_safe_configuration_passes(database_url, tmp_path):
    result = check(database_url, tmp_path, "--workers", "2")
    assert result.exit_code == 0, result.output
    assert "prête" in result.output


def test_debug_fails(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    result = check(database_url, tmp_path)
    assert result.exit_code == 1 and "debug" in result.output


@pytest.mark.parametrize("config, args, words", [
    ({"SECRET_KEY": "dev"}, [], "clé secrète"),
    ({"SECRET_KEY": "court"}, [], "clé secrète"),
    ({"SESSION_COOKIE_SECURE": False}, [], "Secure"),
    ({"MAX_CONTENT_LENGTH": None}, [], "bornée"),
    ({"RATELIMIT_STORAGE": "memory"}, ["--workers", "4"], "chaque processus"),
    ({"PROXY_FIX": False}, [], "derrière nginx"),
    ({"BASE_URL": None}, [], "BASE_URL=https://"),
    ({"BASE_URL": "http://127.0.0.1:5000"}, [], "BASE_URL=https://"),
    ({"BASE_URL": "http://emploi.gtec-bocage.fr"}, [], "pas en HTTPS"),
    ({"PUSH_ALLOW_LOOPBACK": True}, [], "PUSH_ALLOW_LOOPBACK"),
])
def test_each_unsafe_setting_fails_with_its_reason(database_url, tmp_path, config, args, words):
    result = check(database_url, tmp_path, *args, **config)
    assert result.exit_code == 1
    assert words in result.output


def test_the_older_server_name_setting_still_names_the_site(database_url, tmp_path):
    result = check(database_url, tmp_path, BASE_URL=None, SERVER_NAME="emploi.gtec-bocage.fr")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("value", ["emploi.gtec-bocage.fr", "https://gtec.fr/emploi",
                                   "ftp://gtec.fr", "https://moi@gtec.fr"])
def test_a_base_url_that_is_not_an_address_stops_the_start(database_url, tmp_path, value):
    with pytest.raises(ValueError, match="BASE_URL"):
        make_app(database_url, tmp_path, BASE_URL=value)


def test_memory_rate_limit_is_fine_with_one_worker(database_url, tmp_path):
    assert check(database_url, tmp_path, "--workers", "1",
                 RATELIMIT_STORAGE="memory").exit_code == 0


SHARED = {"SEARCH_BACKEND": "postgresql", "FILE_STORAGE": "database"}


@pytest.mark.parametrize("config, words", [
    ({"SEARCH_BACKEND": "whoosh"}, "whoosh"),
    ({"FILE_STORAGE": "local"}, "UPLOAD_FOLDER"),
    ({"TASKS_URL": "sqlite:////var/lib/gtec/tasks.sqlite"}, "file des tâches"),
    ({"RATELIMIT_STORAGE": "memory"}, "en mémoire"),
])
def test_several_hosts_refuse_what_one_host_keeps(database_url, tmp_path, config, words):
    result = check(database_url, tmp_path, HOSTS=3, **{**SHARED, **config})
    assert result.exit_code == 1
    assert "3 hôtes" in result.output and words in result.output


def test_several_hosts_on_shared_storage_pass(database_url, tmp_path):
    result = check(database_url, tmp_path, HOSTS=2, **SHARED)
    if database_url.startswith("sqlite"):  # the database itself cannot be shared
        assert result.exit_code == 1 and "base SQLite" in result.output
        assert result.output.count("hôtes sont déclarés") == 2  # the database and the queue
    else:
        assert result.exit_code == 0, result.output


def test_one_host_keeps_its_folder_and_index(database_url, tmp_path):
    assert check(database_url, tmp_path, HOSTS=1).exit_code == 0
