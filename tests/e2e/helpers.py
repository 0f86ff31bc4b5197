"""Steps that several browser journeys share."""
from tests import factories


def log_in(page, email, password=factories.PASSWORD):
    """Log in through the login page."""
    page.goto("/auth/login")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def log_out(page):
    """Log out with the header's button."""
    page.get_by_role("button", name="Se déconnecter").click()
