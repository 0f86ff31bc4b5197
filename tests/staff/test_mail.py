"""Mail preferences per kind (security mails always sent) and the sent-mail log."""
from pathlib import Path

from sqlalchemy import select

from app import mail
from app.extensions import db
from app.notifications.channels import CHANNELS
from app.notifications.kinds import KINDS, TEMPLATES
from app.notifications.models import SentMail


def test_every_mail_template_has_a_kind(app):
    folder = Path(app.root_path) / "templates" / "mail"
    names = {path.name.split(".")[0] for path in folder.glob("*.txt")}
    assert names == set(TEMPLATES)


def test_a_kind_turned_off_is_not_sent_but_security_mails_are(client, auth, member_a, outbox,
                                                              app):
    auth.login(member_a)
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert page.count('type="checkbox"') == len(KINDS) * len(CHANNELS)
    client.post("/notifications/preferences", data={"kind_applications": ["mail"],
                                                    "kind_training": ["mail"]})
    with app.test_request_context():
        mail.send(member_a.email, "password_reset", user=member_a, token="t", minutes=30)
        skipped = mail.send(member_a.email, "vacancy_expiring", vacancy=None, token="t", days=1)
    assert skipped == []
    assert [m["X-GTEC-Template"] for m in outbox.to(member_a.email)] == ["password_reset"]


def test_sent_mails_are_logged_and_listed_for_staff(client, auth, staff, candidate, app):
    with app.test_request_context():
        mail.send(candidate.email, "password_reset", user=candidate, token="t", minutes=30)
    sent = db.session.scalars(select(SentMail)).all()
    assert [(s.recipient, s.template, s.user_id) for s in sent] == [
        (candidate.email, "password_reset", candidate.id)]
    auth.login(staff)
    html = client.get("/notifications/sent").get_data(as_text=True)
    assert candidate.email in html and "password_reset" in html
