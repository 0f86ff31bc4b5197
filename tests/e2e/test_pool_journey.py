"""A member posts a shared position, the co-employer confirms, staff publish it,
and a visitor finds it on /pool/, in a real browser."""
from datetime import timedelta

from playwright.sync_api import expect

from app.timeutil import local_today
from tests import factories


def log_in(page, user):
    page.goto("/auth/login")
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(factories.PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def log_out(page):
    page.get_by_role("button", name="Se déconnecter").click()


def draft_shared_position(page, partner):
    page.get_by_role("link", name="Mes offres").click()
    page.get_by_role("link", name="Déposer une offre").click()
    page.get_by_label("Intitulé du poste").fill("Psychomotricien(ne) partagé(e)")
    page.get_by_label("Métier (code ROME)").select_option("J1412")
    page.get_by_label("Type de contrat").select_option("shared_employment")
    page.get_by_label("Description du poste").fill("Ateliers et bilans dans deux structures.")
    page.get_by_label("Temps de travail (ETP %)").fill("100")
    page.get_by_role("checkbox", name="Jour").check()
    page.get_by_label("Date de début").fill((local_today() + timedelta(days=30)).isoformat())
    page.get_by_label("Commune").fill("Valdallière")
    page.get_by_label("Code postal").fill("14350")
    page.get_by_label("Part de l'établissement porteur (ETP %)").fill("60")
    page.locator("#shares-0-establishment").select_option(label=partner.name)
    page.locator("#shares-0-fte_share").fill("40")
    page.locator("#shares-0-days").fill("Jeudi et vendredi")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("status")).to_contain_text("Brouillon enregistré")


def test_shared_position_from_draft_to_public_list(page, member_a, member_b, establishment_b,
                                                   staff):
    log_in(page, member_a)
    draft_shared_position(page, establishment_b)
    page.get_by_role("button", name="Envoyer à la modération").click()
    expect(page.get_by_role("alert")).to_contain_text("pas encore confirmé")
    log_out(page)

    log_in(page, member_b)
    page.get_by_role("link", name="Mes offres").click()
    expect(page.get_by_text("Postes partagés à confirmer")).to_be_visible()
    page.get_by_role("link", name="Psychomotricien(ne) partagé(e)").first.click()
    page.get_by_role("button", name="Confirmer notre part").click()
    expect(page.get_by_role("status")).to_contain_text("part du poste partagé est confirmée")
    log_out(page)

    log_in(page, member_a)
    page.get_by_role("link", name="Mes offres").click()
    page.get_by_role("link", name="Psychomotricien(ne) partagé(e)").click()
    page.get_by_role("button", name="Envoyer à la modération").click()
    expect(page.get_by_role("status")).to_contain_text("Offre envoyée")
    log_out(page)

    log_in(page, staff)
    page.goto("/staff/")
    item = page.locator(".queue-item").filter(has_text="Psychomotricien(ne) partagé(e)")
    item.locator("summary").click()
    item.get_by_role("button", name="Approuver").click()
    expect(page.get_by_role("status")).to_contain_text("Élément approuvé")
    log_out(page)

    page.goto("/pool/")
    page.get_by_label("Métier").select_option("J1412")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("link", name="Psychomotricien(ne) partagé(e)").click()
    expect(page.get_by_role("heading", name="Poste partagé entre 2 employeurs")).to_be_visible()
    expect(page.get_by_text(establishment_b.name)).to_be_visible()
