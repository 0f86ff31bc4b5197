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


def log_out(page):
    """Log out with the header's button."""
    page.get_by_role("button", name="Se déconnecter").click()


def confirm_mailed_address(page, app, email):
    """Open the sign-up link mailed to `email`, as its owner would, and confirm."""
    message = Mailbox(app.config["OUTBOX"]).last_to(email)
    link = re.search(r"https?://\S+(/auth/confirm/\S+)", Mailbox.body(message)).group(1)
    page.goto(link)
    page.get_by_role("button", name="Confirmer et créer mon compte").click()
