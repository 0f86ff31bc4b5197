"""The security and usability baseline every page inherits."""
import pytest

from tests import factories


@pytest.mark.parametrize("path, status", [("/", 200), ("/nulle-part", 404),
                                          ("/auth/login", 200), ("/healthz", 200)])
def test_security_headers_on_every_response(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script_or_style(client):
    for path in ("/", "/auth/login", "/auth/register", "/members/join", "/members/"):
        html = client.get(path).text
        assert "<script>" not in html and " style=" not in html and "onclick" not in html


def test_404_page_is_french_and_helpful(client):
    response = client.get("/nulle-part")
    assert "Page introuvable" in response.text and "Retour à l'accueil" in response.text


def test_500_page_is_french_and_hides_the_error(app):
    app.add_url_rule("/boom", "boom", lambda: 1 / 0)
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Erreur du serveur" in response.text
    assert "ZeroDivisionError" not in response.text and "Traceback" not in response.text
    assert response.headers["Content-Security-Policy"]


def test_403_page(client, auth, candidate):
    auth.login(candidate)
    response = client.get("/staff/")
    assert response.status_code == 403 and "Accès refusé" in response.text


def test_every_form_field_has_a_label(client):
    import re
    for path in ("/auth/login", "/auth/register", "/auth/reset", "/members/join"):
        html = client.get(path).text
        ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html)
        visible = [i for i in ids if i != "csrf_token"]
        assert visible
        for field_id in visible:
            assert f'for="{field_id}"' in html, (path, field_id)


def test_csrf_is_required_on_forms(database_url, tmp_path):
    from tests.conftest import make_app
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        user = factories.user("candidate")
        client = app.test_client()
        response = client.post("/auth/login", data={"email": user.email,
                                                    "password": factories.PASSWORD})
        assert response.status_code == 400 and "Formulaire expiré" in response.text
        from tests.conftest import csrf_token, _empty_tables
        token = csrf_token(client.get("/auth/login").text)
        response = client.post("/auth/login", data={"email": user.email, "csrf_token": token,
                                                    "password": factories.PASSWORD})
        assert response.status_code == 302
        _empty_tables()


def test_english_is_available(client):
    client.get("/lang/en")
    assert 'lang="en"' in client.get("/").text
    client.get("/lang/fr")
    assert 'lang="fr"' in client.get("/").text


def test_language_switch_never_redirects_off_site(client):
    assert client.get("/lang/en?next=https://evil.example/").headers["Location"] == "/"


def test_healthz_reports_each_part(client):
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and set(body["checks"].values()) == {"ok"}
    assert {"database", "uploads", "search"} <= set(body["checks"])


def test_healthz_answers_503_when_uploads_are_missing(app, client):
    import shutil
    shutil.rmtree(app.config["UPLOAD_FOLDER"])
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["uploads"] == "missing"


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    from tests.conftest import make_app
    app = make_app("postgresql+psycopg://nobody@127.0.0.1:1/none", tmp_path)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["database"] != "ok"
