"""A candidate registers, uploads a CV and applies; the employer moves the application."""
import re
from datetime import date, timedelta

from playwright.sync_api import expect

from tests import factories
from tests.mailbox import Mailbox
from tests.e2e.helpers import log_in, log_out


def test_candidate_applies_and_sees_the_employer_move_to_interview(app, page):
    establishment = factories.establishment(name="EHPAD Les Tilleuls")
    member = factories.user("member", establishment=establishment, first_name="Sophie")
    vacancy = factories.vacancy(establishment, status="published",
                                title="Aide-soignant(e) de nuit")

    page.goto("/auth/register")
    page.get_by_label("Prénom").fill("Julie")
    page.get_by_label("Nom", exact=True).fill("Lefèvre")
    page.get_by_label("Adresse e-mail").fill("julie.lefevre@example.org")
    page.get_by_label("Mot de passe (12 caractères au moins)").fill("les pommes du bocage")
    page.get_by_label("Confirmez le mot de passe").fill("les pommes du bocage")
    page.get_by_label(re.compile("J'ai lu l'information")).check()
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("status")).to_contain_text("Un courriel vient d'être envoyé")
    mail = Mailbox(app.config["OUTBOX"]).last_to("julie.lefevre@example.org")
    page.goto(re.search(r"http://\S+/auth/confirm/\S+", Mailbox.body(mail)).group(0))
    page.get_by_role("button", name="Confirmer et créer mon compte").click()
    expect(page.get_by_role("status")).to_contain_text("Votre compte est créé")

    page.get_by_role("link", name="Mon CV").click()
    page.get_by_label("Votre CV (PDF, 5 Mo au plus)").set_input_files(
        {"name": "cv-julie.pdf", "mimeType": "application/pdf",
         "buffer": factories.pdf_bytes("Julie Lefèvre, aide-soignante DEAS")})
    page.get_by_role("button", name="Envoyer le CV").click()
    expect(page.get_by_role("status")).to_contain_text("CV enregistré")

    page.goto(f"/pool/{vacancy.id}")
    page.get_by_role("link", name="Postuler").click()
    page.get_by_label("Votre message à l'employeur").fill("Disponible pour les nuits.")
    page.get_by_role("button", name="Envoyer ma candidature").click()
    expect(page.get_by_role("status")).to_contain_text("Candidature envoyée")
    expect(page.get_by_role("cell", name="Reçue")).to_be_visible()
    log_out(page)

    log_in(page, member.email)
    page.goto(f"/pool/{vacancy.id}")
    page.get_by_role("link", name="Candidatures reçues").click()
    expect(page.get_by_text("Julie Lefèvre")).to_be_visible()
    page.locator("summary", has_text="Entretien").click()  # its details fold out
    page.get_by_label("Date de l'entretien").fill((date.today() + timedelta(days=7)).isoformat())
    page.get_by_label("Heure").fill("14:30")
    page.get_by_label("Lieu").fill("Salle du conseil, 2 rue des Tilleuls")
    page.get_by_role("button", name="Confirmer l'entretien").click()
    expect(page.get_by_role("status")).to_contain_text("Candidature mise à jour")
    log_out(page)

    log_in(page, "julie.lefevre@example.org", "les pommes du bocage")
    page.goto("/cv/me")
    expect(page.get_by_role("cell", name="Entretien")).to_be_visible()
    expect(page.get_by_text("Lieu : Salle du conseil, 2 rue des Tilleuls")).to_be_visible()
