"""Two application hosts on one PostgreSQL (README, Several hosts).

Two gunicorn servers, each with its task consumer and its own instance
folders (uploads, index, outbox), share only the database: the search index
(SEARCH_BACKEND=postgresql) and the CV files (FILE_STORAGE=database) live
there, as do the failed-login counts and the task queue.
"""
import os
import re
import time
from pathlib import Path

import pytest

from app import tasks
from scripts.gtec_client import Browser, Server
from tests import factories
from tests.conftest import make_app
from tests.tasks import consumers, periodic_job

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="several hosts share a PostgreSQL database")


def _environment(database_url, root, count_file):
    return {"DATABASE_URL": database_url, "SECRET_KEY": "two-hosts-" + "k" * 40,
            "SEARCH_BACKEND": "postgresql", "FILE_STORAGE": "database",
            "UPLOAD_FOLDER": str(root / "uploads"), "SEARCH_INDEX": str(root / "search"),
            "OUTBOX": str(root / "outbox"), "SMS_OUTBOX": str(root / "sms-outbox"),
            "TASKS_WORKERS": "1", "COUNT_FILE": str(count_file)}


@pytest.fixture
def hosts(app, database_url, tmp_path):
    """Host A and host B, one worker each, on the test's database."""
    app.config.update(SEARCH_BACKEND="postgresql", FILE_STORAGE="database")
    count = tmp_path / "runs.txt"
    count.touch()
    started = []
    try:
        for name in ("a", "b"):
            env = _environment(database_url, tmp_path / name, count)
            started.append(Server(env, workers=1,
                                  consumer_app="tests.tasks.consumer_app").start())
        yield started
    finally:
        for server in started:
            server.stop()


def login(base, user, password=factories.PASSWORD):
    browser = Browser(base)
    status, _ = browser.submit("/auth/login", {"email": user.email, "password": password})
    return browser, status


def approve(browser, kind, item_id):
    return browser.submit(f"/staff/queue/{kind}/{item_id}", {},
                          f"/staff/queue/{kind}/{item_id}/approve")[0]


def raw_get(browser, path):
    """The answer's status and bytes (Browser decodes text)."""
    with browser.opener.open(browser.base + path, timeout=30) as response:  # nosec B310
        return response.status, response.read()


def test_a_vacancy_published_on_a_is_found_on_b(hosts, establishment_a):
    a, b = hosts
    staff = factories.user("staff")
    vacancy = factories.vacancy(establishment_a, status="pending",
                                title="Ergothérapeute de coordination")
    visitor = Browser(b.base)
    assert f'href="/pool/{vacancy.id}"' not in visitor.get("/search?q=ergotherapeute")[1]
    browser, _ = login(a.base, staff)
    assert approve(browser, "vacancy", vacancy.id) == 302
    assert f'href="/pool/{vacancy.id}"' in visitor.get("/search?q=ergotherapeute")[1]


def test_a_cv_uploaded_on_a_downloads_from_b(hosts, candidate, member_a):
    a, b = hosts
    profile = factories.cv_profile(owner=candidate, with_file=False)
    data = factories.pdf_bytes("Aide-soignante, deux hôtes")
    browser, _ = login(a.base, candidate)
    assert browser.submit("/cv/me", {}, "/cv/me/upload", {"cv": ("cv.pdf", data)})[0] == 302
    staff, _ = login(b.base, factories.user("staff"))
    assert approve(staff, "profile", profile.id) == 302  # an upload is checked again
    member, _ = login(b.base, member_a)
    assert raw_get(member, f"/cv/{profile.id}/file") == (200, data)
    for host in (a, b):  # neither host's own folder holds it
        assert list(Path(host.env["UPLOAD_FOLDER"]).rglob("*.pdf")) == []


def test_a_cookie_from_a_works_on_b(hosts, member_a):
    a, b = hosts
    browser, status = login(a.base, member_a)
    assert status == 302
    on_b = Browser(b.base)
    assert on_b.get("/pool/mine")[0] == 302  # no cookie: the login page
    on_b.opener = browser.opener  # the same visitor, sent to the other host
    status, body = on_b.get("/pool/mine")
    assert status == 200 and "Mes offres" in body


def test_failed_logins_on_a_and_b_add_up(hosts, member_a, app):
    a, b = hosts
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    for n in range(limit):
        host = a if n % 2 == 0 else b
        assert login(host.base, member_a, "not the password")[1] == 200
    status, body = Browser(b.base).submit("/auth/login", {  # B alone saw 2 of the 5
        "email": member_a.email, "password": factories.PASSWORD})
    assert status == 429 and "Trop de tentatives" in body


def test_a_periodic_task_queued_by_both_hosts_runs_once(hosts, database_url, tmp_path, app):
    count = tmp_path / "runs.txt"
    queued = make_app(database_url, tmp_path / "queue", TASKS_IMMEDIATE=False)
    job = tasks.PERIODIC[periodic_job.count_run.__name__]
    with queued.app_context():
        for _ in range(2):  # what both hosts' schedulers queue at the same minute
            tasks.huey.enqueue(job.s())
        consumers.wait_for(lambda: tasks.waiting() == 0, what="both tasks taken")
    tasks.configure(app)  # the test's own application again: tasks run at once
    time.sleep(2)  # a second run would have started and noted itself by now
    assert len(count.read_text().split()) == 1
    assert re.fullmatch(r"\d+\n", count.read_text())
