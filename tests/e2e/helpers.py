"""Steps that several browser journeys share."""
import re

from tests import factories
from tests.mailbox import Mailbox


def log_in(page, email, password=factories.PASSWORD):
    """Log in through the login page."""
    page.goto("/auth/login")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def open_menu(page):
    """Unfold the header's menu, folded behind "Menu" on a phone."""
    menu = page.locator("details.site-menu")
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()


def log_out(page):
    """Log out with the header's button."""
    open_menu(page)
    page.get_by_role("button", name="Se déconnecter").click()


def confirm_mailed_address(page, app, email):
    """Open the sign-up link mailed to `email`, as its owner would, and confirm."""
    message = Mailbox(app.config["OUTBOX"]).last_to(email)
    link = re.search(r"https?://\S+(/auth/confirm/\S+)", Mailbox.body(message)).group(1)
    page.goto(link)
    page.get_by_role("button", name="Confirmer et créer mon compte").click()


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def new_tab(browser, live_server, viewport=PHONE):
    """A browser context of its own (its own cookies) at `viewport`, and its tab."""
    context = browser.new_context(base_url=live_server, locale="fr-FR", viewport=viewport)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    return context, tab
