"""The installable app in Chromium: its manifest read, its service worker registered, the
offline page shown without a network; then a phone's subscription posted the way the
page posts it, and a push delivered to it.

Headless Chromium refuses pushManager.subscribe() itself (no push service here),
so the test makes the subscription the page would post, with real keys, and posts
it from the page with the page's own CSRF token.
"""
from playwright.sync_api import expect

from app.extensions import db
from app.push import channel
from app.push.models import PushSubscription
from tests import factories
from tests.e2e.helpers import log_in
from tests.push.pushservice import Browser, PushService
from tests.push.test_delivery import MISSION

ICON_SIZE = """src => new Promise((done, fail) => {
  const image = new Image(); image.onload = () => done(image.naturalWidth); image.onerror = fail;
  image.src = src; })"""


def watch(page):
    problems = []  # script errors, and anything the CSP blocked
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: "Content Security Policy" in message.text
            and problems.append(message.text))
    return problems


def test_the_manifest_is_read_and_its_icons_load(page):
    problems = watch(page)
    page.goto("/")
    href = page.locator('link[rel="manifest"]').get_attribute("href")
    manifest = page.evaluate("href => fetch(href).then(r => r.json())", href)
    assert manifest["name"] == "GTEC du Bocage — Emploi santé"
    for icon in manifest["icons"]:
        assert page.evaluate(ICON_SIZE, icon["src"]) == int(icon["sizes"].split("x")[0])
    assert problems == []


def test_the_service_worker_controls_the_site_and_shows_the_offline_page(page):
    problems = watch(page)
    page.goto("/")
    worker = page.evaluate("navigator.serviceWorker.ready.then(r => [r.scope, r.active.scriptURL])")
    assert worker[0].endswith("/") and worker[1].endswith("/sw.js")
    page.reload()  # the pages loaded from now on go through the worker
    assert page.evaluate("navigator.serviceWorker.controller !== null")

    page.context.set_offline(True)
    page.goto("/pool/")
    expect(page.get_by_role("heading", name="Vous êtes hors ligne")).to_be_visible()
    page.context.set_offline(False)
    page.get_by_role("link", name="Réessayer").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Vous êtes hors ligne")
    assert problems == []


def test_the_page_subscription_reaches_the_phone(app, page):
    problems = watch(page)
    app.config["PUSH_ALLOW_LOOPBACK"] = True  # the push service below is on http://127.0.0.1
    carer = factories.user("candidate", first_name="Nadia")
    page.context.grant_permissions(["notifications"])
    log_in(page, carer.email)
    page.get_by_role("link", name="Mes appareils").click()
    page.get_by_role("button", name="Recevoir les alertes sur ce téléphone").click()
    # Headless Chromium has no push service: the page says so in French.
    expect(page.get_by_role("status").last).to_have_text(
        "L’abonnement n’a pas pu être fait. Vérifiez votre connexion et réessayez.")

    with PushService() as service:
        phone = Browser(service.endpoint("nadia"))
        status = page.evaluate("""subscription => {
          const box = document.querySelector("[data-push]");
          return fetch(box.dataset.subscribeUrl, {method: "POST", credentials: "same-origin",
            headers: {"Content-Type": "application/json", "X-CSRFToken": box.dataset.csrf},
            body: JSON.stringify(subscription)}).then(r => r.status);
        }""", phone.subscription())
        assert status == 201
        page.reload()
        expect(page.get_by_role("listitem").filter(has_text="Chrome · Linux")).to_be_visible()

        db.session.commit()  # end the test's read transaction: see what the server wrote
        assert db.session.scalars(db.select(PushSubscription.user_id)).all() == [carer.id]
        channel.deliver(carer, MISSION)
        assert phone.read(service.received[0])["title"] == MISSION.subject
    assert problems == []
