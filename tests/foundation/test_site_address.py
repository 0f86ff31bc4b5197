"""Absolute links come from BASE_URL, never from the Host a request names (issue 13.1)."""
import io
import re

import pytest

from app.extensions import db
from tests import factories
from tests.conftest import PASSWORD, make_app

SITE = "https://emploi.gtec-bocage.fr"
FOREIGN = "evil.example"
LINK = re.compile(r"\bhttps?://[^\s\"'<>]+")
INVITED, SHARED = "infirmiere@tilleuls.fr", "paul.martin@example.org"


def site_app(database_url, tmp_path, **settings):
    """The application as deployed at SITE, on the test database and folders."""
    return make_app(database_url, tmp_path, BASE_URL=SITE, **settings)


@pytest.fixture
def deployed(app, database_url, tmp_path):
    """Build a SITE application in its own context; its connections closed at the end."""
    contexts = []

    def build(**settings):
        configured = site_app(database_url, tmp_path, **settings)
        context = configured.app_context()
        context.push()
        contexts.append(context)
        return configured
    yield build
    for context in reversed(contexts):
        db.session.remove()
        db.engine.dispose()
        context.pop()


def login(client, user, headers):
    """Log in through the same host as the request that follows (its cookie is for it)."""
    client.post("/auth/login", data={"email": user.email, "password": PASSWORD},
                headers=headers)


def ask_reset(client, candidate, member, headers):
    return client.post("/auth/reset", data={"email": candidate.email}, headers=headers)


def ask_invitation(client, candidate, member, headers):
    login(client, member, headers)
    return client.post("/members/invite", data={"email": INVITED}, headers=headers)


def ask_consent(client, candidate, member, headers):
    login(client, member, headers)
    pdf = (io.BytesIO(factories.pdf_bytes("Paul Martin, ASH")), "cv.pdf")
    return client.post("/cv/share", data={"cv": pdf, "email": SHARED, "occupation": "J1301",
                                          "agreed": "y"},
                       content_type="multipart/form-data", headers=headers)


ASKS = {"reset": (ask_reset, "/auth/reset/"), "invitation": (ask_invitation, "/auth/invitation/"),
        "consent": (ask_consent, "/cv/consent/")}


def links_of(outbox):
    return [link for message in outbox.messages() for link in LINK.findall(outbox.body(message))]


@pytest.mark.parametrize("ask", ASKS)
@pytest.mark.parametrize("proxy", [False, True], ids=["direct", "behind-proxy"])
def test_mailed_links_go_to_the_configured_site_whatever_the_host(
        deployed, outbox, candidate, member_a, ask, proxy):
    """Even with a foreign host trusted by mistake, the mail links to BASE_URL."""
    configured = deployed(PROXY_FIX=proxy, TRUSTED_HOSTS=[".example", "emploi.gtec-bocage.fr"])
    client = configured.test_client()
    action, path = ASKS[ask]
    response = action(client, candidate, member_a, {
        "Host": f"www.{FOREIGN}", "X-Forwarded-Host": FOREIGN, "X-Forwarded-Proto": "http"})
    assert response.status_code == 302
    links = links_of(outbox)
    assert any(link.startswith(f"{SITE}{path}") for link in links), links
    assert all(link.startswith(f"{SITE}/") for link in links), links


@pytest.mark.parametrize("ask", ASKS)
@pytest.mark.parametrize("proxy, headers", [
    (False, {"Host": FOREIGN}),
    (True, {"Host": FOREIGN}),
    (True, {"X-Forwarded-Host": FOREIGN}),
], ids=["host", "host-behind-proxy", "forwarded-host-behind-proxy"])
def test_a_request_for_another_host_is_refused_and_mails_nothing(
        deployed, outbox, candidate, member_a, ask, proxy, headers):
    client = deployed(PROXY_FIX=proxy).test_client()
    response = ASKS[ask][0](client, candidate, member_a, headers)
    assert response.status_code == 400
    assert "Requête incorrecte" in response.text  # the French error page, not a 500
    assert outbox.messages() == []


@pytest.mark.parametrize("ask", ASKS)
def test_a_forwarded_host_without_a_proxy_is_ignored(deployed, outbox, candidate, member_a, ask):
    client = deployed().test_client()
    action, path = ASKS[ask]
    assert action(client, candidate, member_a, {"X-Forwarded-Host": FOREIGN}).status_code == 302
    assert all(link.startswith(f"{SITE}/") for link in links_of(outbox))
    assert any(link.startswith(f"{SITE}{path}") for link in links_of(outbox))


def test_the_feed_and_the_api_link_to_the_configured_site(deployed, establishment_a):
    factories.vacancy(establishment_a, status="published")
    client = deployed(TRUSTED_HOSTS=[".example", "emploi.gtec-bocage.fr"]).test_client()
    headers = {"Host": FOREIGN}
    feed = client.get("/pool/feed.atom", headers=headers).text
    api = client.get("/api/v1/", headers=headers).text + \
        client.get("/api/v1/vacancies", headers=headers).text
    links = LINK.findall(feed) + LINK.findall(api)
    assert len([link for link in links if link.startswith(f"{SITE}/pool/")]) >= 3
    assert not [link for link in links if FOREIGN in link]


def test_outside_a_request_commands_link_to_the_configured_site(deployed):
    from flask import url_for
    deployed()
    assert url_for("auth.login", _external=True) == f"{SITE}/auth/login"


def test_by_default_the_site_is_the_local_server(database_url, tmp_path):
    local = make_app(database_url, tmp_path, BASE_URL=None)
    assert local.config["SERVER_NAME"] == "127.0.0.1:5000"
    client = local.test_client()
    for base in ("http://127.0.0.1:8000", "http://localhost:5000"):  # `PORT=8000 make run`
        assert client.get("/auth/login", base_url=base).status_code == 200
    assert client.get("/auth/login", base_url=f"http://{FOREIGN}").status_code == 400
