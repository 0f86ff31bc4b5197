"""The installable app's parts as a client sees them: manifest, icons, service worker, offline page."""
import io
import re
from pathlib import Path

from PIL import Image

STATIC = Path(__file__).resolve().parents[2] / "app" / "static"


def test_the_manifest_names_the_platform_and_its_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200 and response.mimetype == "application/manifest+json"
    manifest = response.json
    assert manifest["name"] == "GTEC du Bocage — Emploi santé"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert sizes == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200 and image.mimetype == "image/png"
        assert "x".join(map(str, Image.open(io.BytesIO(image.data)).size)) == icon["sizes"]


def test_the_theme_colour_is_the_brand_colour_of_the_stylesheet(client):
    brand = re.search(r"--brand:\s*(#[0-9a-f]{6})", (STATIC / "css" / "app.css").read_text()).group(1)
    assert client.get("/manifest.webmanifest").json["theme_color"] == brand
    assert f'<meta name="theme-color" content="{brand}">' in client.get("/").text


def test_every_page_links_the_manifest_and_registers_the_service_worker(client):
    page = client.get("/").text
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert '<script src="/static/js/sw-register.js" defer></script>' in page


def test_the_service_worker_is_served_at_the_root_scope(client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    assert 'OFFLINE_URL = "/offline"' in response.text


def test_the_offline_page_is_french_and_the_same_for_everyone(client, auth, candidate):
    visitor = client.get("/offline")
    assert visitor.status_code == 200 and "Vous êtes hors ligne" in visitor.text
    auth.login(candidate)
    signed_in = client.get("/offline")
    assert candidate.first_name not in signed_in.text and "Se déconnecter" not in signed_in.text


def test_the_favicon_is_served_at_the_root_as_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"  # the ICO signature, not a PNG renamed
