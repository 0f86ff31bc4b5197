"""A job seeker signs up, logs out and logs back in, in a real browser."""
import re

from playwright.sync_api import expect

from app.auth.models import User
from app.extensions import db
from tests.e2e.helpers import confirm_mailed_address


def test_candidate_registers_confirms_logs_out_and_in(page, app):
    page.goto("/")
    page.get_by_role("link", name="Créer un compte", exact=True).click()
    page.get_by_label("Prénom").fill("Julie")
    page.get_by_label("Nom", exact=True).fill("Lefèvre")
    page.get_by_label("Adresse e-mail").fill("julie.lefevre@example.org")
    page.get_by_label("Mot de passe (12 caractères au moins)").fill("les pommes du bocage")
    page.get_by_label("Confirmez le mot de passe").fill("les pommes du bocage")
    page.get_by_label(re.compile("J'ai lu l'information")).check()
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("status")).to_contain_text("Un courriel vient d'être envoyé")
    assert db.session.scalar(db.select(User).where(User.email == "julie.lefevre@example.org")) is None
    db.session.rollback()  # end the read: the next one must see the server's commits

    confirm_mailed_address(page, app, "julie.lefevre@example.org")
    expect(page.get_by_role("status")).to_contain_text("Votre compte est créé")
    user = db.session.scalar(db.select(User).where(User.email == "julie.lefevre@example.org"))
    assert user.role == "candidate" and user.consent_at is not None

    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("status")).to_contain_text("déconnecté")
    page.get_by_role("link", name="Se connecter").first.click()
    page.get_by_label("Adresse e-mail").fill("julie.lefevre@example.org")
    page.get_by_label("Mot de passe").fill("les pommes du bocage")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("status")).to_contain_text("Bienvenue, Julie")
