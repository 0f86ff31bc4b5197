"""Staff log in, clear the moderation queue, look at the dashboard, export the audit log."""
from playwright.sync_api import expect

from app.extensions import db
from tests import factories
from tests.e2e.helpers import log_in
from tests.staff.conftest import waiting_items


def test_staff_clear_the_queue_and_export_the_audit_log(page, tmp_path):
    staff = factories.user("staff", first_name="Claire")
    establishment = factories.establishment(name="EHPAD Les Tilleuls")
    member = factories.user("member", establishment=establishment)
    waiting = waiting_items(establishment, member)
    db.session.commit()

    log_in(page, staff.email)
    page.get_by_role("link", name="Back-office").click()
    expect(page.locator(".queue-item")).to_have_count(4)
    expect(page.locator(".queue-item.late")).to_have_count(1)

    # Open the CV profile in place and reject it with a reason and a comment.
    item = page.locator(f"#item-profile-{waiting['profile'].id}")
    item.locator("summary").click()
    item.get_by_role("button", name="Refuser").click()
    expect(page.locator(".error").first).to_contain_text("Choisissez un motif de refus.")
    page.get_by_label("Motif du refus").select_option("unreadable")
    page.get_by_label("Commentaire pour l'auteur (envoyé par courriel)").fill(
        "Le PDF est vide : merci de le déposer de nouveau.")
    page.get_by_role("button", name="Refuser").click()
    expect(page.get_by_role("status")).to_contain_text("Élément refusé")

    # Approve the three others at once.
    expect(page.locator(".queue-item")).to_have_count(3)
    for box in page.locator('input[name="items"]').all():
        box.check()
    page.get_by_role("button", name="Approuver la sélection").click()
    expect(page.get_by_role("status")).to_contain_text("3 élément(s) approuvé(s).")
    expect(page.get_by_text("Rien n'attend : la file est vide.")).to_be_visible()

    page.get_by_role("link", name="Tableau de bord").first.click()
    expect(page.locator("figure.chart svg").first).to_be_visible()

    page.get_by_role("link", name="Journal d'audit").click()
    expect(page.locator("tbody")).to_contain_text("a refusé le profil de")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exporter en CSV").click()
    path = tmp_path / "audit.csv"
    download_info.value.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    assert text.startswith("date;acteur;action")
    assert "vacancy_publish" in text and "establishment_approve" in text
