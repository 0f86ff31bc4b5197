"""A session is published, approved, filled, and its waiting list served, in a browser."""
import re
from datetime import timedelta

from playwright.sync_api import expect

from app.timeutil import local_today as today
from tests import factories
from tests.mailbox import Mailbox


def log_in(page, user):
    page.goto("/auth/login")
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(factories.PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("status")).to_contain_text("Bienvenue")


def log_out(page):
    page.get_by_role("button", name="Se déconnecter").click()


def publish(page):
    first = today() + timedelta(days=21)
    page.get_by_role("link", name="Formations", exact=True).click()
    page.get_by_role("link", name="Proposer une session").click()
    page.get_by_label("Intitulé").fill("Simulateur de vieillissement")
    page.get_by_label("Thème", exact=True).select_option("simulateur")
    page.get_by_label("Thème commun de l'année de l'association").check()
    page.get_by_label("Organisme de formation").fill("Formavie Normandie")
    page.get_by_label("Description").fill("Binômes EHPAD et aide à domicile.")
    page.locator("#dates-0-day").fill(first.isoformat())
    page.locator("#dates-0-start").fill("09:00")
    page.locator("#dates-0-end").fill("17:00")
    page.get_by_label("Lieu (adresse, salle)").fill("Salle des fêtes")
    page.get_by_label("Commune").fill("Vire Normandie")
    page.get_by_label("Nombre total de places").fill("10")
    page.get_by_label("Places ouvertes aux autres membres").fill("2")
    page.get_by_label("Date limite d'inscription").fill((first - timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Envoyer la session").click()
    expect(page.get_by_role("status")).to_contain_text("l'association la valide")


def book(page, *names):
    page.get_by_role("link", name="Formations", exact=True).click()
    page.get_by_role("link", name="Simulateur de vieillissement").click()
    page.get_by_role("link", name=re.compile("Réserver des places|liste d'attente")).click()
    for i, name in enumerate(names):
        page.locator(f"#attendees-{i}-name").fill(name)
        page.locator(f"#attendees-{i}-occupation").select_option("K1302")
    page.get_by_role("button", name="Réserver").click()


def test_publish_approve_fill_wait_and_promote(page, app, establishment_a, member_a,
                                               member_b, staff):
    member_c = factories.user("member", first_name="Nathalie",
                              establishment=factories.establishment(kind="ssiad"))

    log_in(page, member_a)
    publish(page)
    log_out(page)

    log_in(page, staff)
    page.goto("/staff/")
    page.locator("summary", has_text="Simulateur de vieillissement").click()
    page.get_by_role("button", name="Approuver", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Élément approuvé")
    log_out(page)

    log_in(page, member_b)
    book(page, "Céline Lebrun", "Yannick Morel")
    expect(page.get_by_role("status")).to_contain_text("Places confirmées")
    page.get_by_role("link", name="Formations", exact=True).click()
    expect(page.get_by_text("Complet : liste d'attente")).to_be_visible()
    log_out(page)

    log_in(page, member_c)
    book(page, "Martine Lesage")
    expect(page.get_by_role("status")).to_contain_text("liste d'attente")
    expect(page.get_by_role("cell", name="Liste d'attente", exact=True)).to_be_visible()
    log_out(page)

    log_in(page, member_b)
    page.goto("/training/bookings")
    page.get_by_role("link", name="Annuler sa place").first.click()
    page.get_by_role("button", name="Oui, annuler").click()
    expect(page.get_by_role("status")).to_contain_text("Annulation enregistrée")
    log_out(page)

    log_in(page, member_c)
    page.goto("/training/bookings")
    expect(page.get_by_role("cell", name="Confirmée", exact=True)).to_be_visible()
    mail = Mailbox(app.config["OUTBOX"]).last_to(member_c.email)
    assert "Places confirmées : Simulateur de vieillissement" == mail["Subject"]
