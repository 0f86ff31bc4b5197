"""An establishment asks to join, staff approve it, its user sees it active."""
import re

from playwright.sync_api import expect

from tests import factories
from tests.e2e.helpers import confirm_mailed_address, log_in, log_out

PASSWORD = "les pommes du bocage"


def test_establishment_joins_and_staff_approve_it(page, app):
    staff = factories.user("staff", first_name="Claire")
    page.goto("/")
    page.get_by_role("link", name="Demander l'adhésion").click()
    page.get_by_label("Nom de l'établissement").fill("EHPAD Saint-Joseph")
    page.get_by_label("Type d'établissement").select_option("ehpad")
    page.get_by_label("SIRET (14 chiffres)").fill("732 829 320 00075")  # wrong check digit
    page.get_by_label("Adresse", exact=True).fill("9 rue de l'Église")
    page.get_by_label("Code postal").fill("14110")
    page.get_by_label("Commune").fill("Condé-en-Normandie")
    page.get_by_label("Votre prénom").fill("Hélène")
    page.get_by_label("Votre nom").fill("Vautier")
    page.get_by_label("Votre adresse e-mail professionnelle").fill("direction@stjoseph.fr")
    page.get_by_label("Mot de passe (12 caractères au moins)").fill(PASSWORD)
    page.get_by_label("Confirmez le mot de passe").fill(PASSWORD)
    page.get_by_label(re.compile("J'ai lu la charte")).check()
    page.get_by_role("button", name="Envoyer la demande").click()

    expect(page.locator(".error")).to_contain_text("SIRET invalide")
    page.get_by_label("SIRET (14 chiffres)").fill("732 829 320 00074")
    page.get_by_label("Mot de passe (12 caractères au moins)").fill(PASSWORD)
    page.get_by_label("Confirmez le mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_role("status")).to_contain_text("Un courriel vient d'être envoyé")

    confirm_mailed_address(page, app, "direction@stjoseph.fr")
    expect(page.get_by_role("status")).to_contain_text("Votre demande d'adhésion est envoyée")
    log_out(page)
    log_in(page, "direction@stjoseph.fr", PASSWORD)
    page.get_by_role("link", name="Mon établissement").first.click()
    expect(page.locator(".status")).to_have_text("En attente")
    log_out(page)

    log_in(page, staff.email)
    expect(page).to_have_url(re.compile("/staff/$"))
    item = page.locator(".queue-item").filter(has_text="EHPAD Saint-Joseph")
    item.locator("summary").click()
    item.get_by_role("button", name="Approuver").click()
    expect(page.get_by_role("status")).to_contain_text("Élément approuvé")
    log_out(page)

    page.get_by_role("link", name="Les membres").click()
    expect(page.get_by_role("cell", name="EHPAD Saint-Joseph")).to_be_visible()
    log_in(page, "direction@stjoseph.fr", PASSWORD)
    page.get_by_role("link", name="Mon établissement").first.click()
    expect(page.locator(".status")).to_have_text("Actif")
    expect(page.get_by_role("heading", name="Inviter un collègue")).to_be_visible()


def test_keyboard_reaches_the_login_form(page):
    page.goto("/auth/login")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Aller au contenu")).to_be_focused()
