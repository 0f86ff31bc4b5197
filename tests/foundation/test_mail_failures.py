"""A mail that fails after its commit is recorded, never a 500, and `mail retry` sends it."""
import email
import errno
import os
import resource
import shutil
import signal
from datetime import timedelta
from email import policy
from pathlib import Path

import pytest
from sqlalchemy import select

from app import mail
from app.cv.models import Application
from app.extensions import db
from app.notifications.models import SentMail
from app.timeutil import utcnow
from tests import factories
from tests.holds.workers import run_together
from tests.mailbox import Mailbox, smtp_server

RETRIED = 12  # failed mails two concurrent retries share


class Refusing:
    """An SMTP server that refuses every message until told to accept them."""

    def __init__(self):
        self.refuse, self.received = True, []

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "554 5.3.0 Boîte pleine, message refusé"
        self.received.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def refusing_smtp(app):
    handler = Refusing()
    with smtp_server(app, handler):
        yield handler


@pytest.fixture(params=["read-only", "not-a-folder"])
def unwritable_outbox(app, request):
    """Make the outbox folder unwritable; yields what makes it writable again.

    Root ignores permissions: a file in the folder's place fails for everyone.
    """
    folder = Path(app.config["OUTBOX"])
    if request.param == "read-only":
        if os.geteuid() == 0:
            pytest.skip("root writes into read-only folders")
        folder.chmod(0o500)
    else:
        shutil.rmtree(folder)
        folder.write_text("un fichier à la place du dossier")

    def restore():
        if folder.is_file():
            folder.unlink()
        folder.mkdir(exist_ok=True)
        folder.chmod(0o700)
    yield restore
    restore()


@pytest.fixture
def vacancy(establishment_a, member_a):
    return factories.vacancy(establishment_a, status="published")


def apply(client, auth, candidate, vacancy):
    factories.cv_profile(candidate, in_bank=False)
    auth.login(candidate)
    return client.post(f"/cv/apply/{vacancy.id}", data={"message": "Bonjour"},
                       follow_redirects=True)


def failed_mails():
    return db.session.scalars(select(SentMail).where(SentMail.status == "failed")
                              .order_by(SentMail.id)).all()


def test_a_refused_smtp_keeps_the_application_and_records_the_mails(
        client, auth, runner, candidate, member_a, staff, vacancy, refusing_smtp):
    response = apply(client, auth, candidate, vacancy)
    assert response.status_code == 200 and "Candidature envoyée" in response.text
    assert db.session.scalar(select(Application.status)) == "received"
    failed = failed_mails()
    assert {row.recipient for row in failed} == {candidate.email, member_a.email}
    assert all("554" in row.error and row.body and row.attempts == 1 and row.next_attempt_at
               for row in failed)
    auth.logout()
    auth.login(staff)
    assert client.get("/notifications/sent").text.count("<strong>Échec</strong>") == 2
    result = runner.invoke(args=["mail", "retry"])
    assert result.exit_code == 1 and "Toujours en échec : 2" in result.output
    refusing_smtp.refuse = False
    result = runner.invoke(args=["mail", "retry"])
    assert result.exit_code == 0 and "Courriels renvoyés : 2" in result.output
    assert {m["To"] for m in refusing_smtp.received} == {candidate.email, member_a.email}
    assert "Bonjour Julie" in refusing_smtp.received[0].get_content() or \
        "Bonjour Julie" in refusing_smtp.received[1].get_content()
    assert failed_mails() == []
    assert db.session.scalars(select(SentMail.body)).all() == [None, None]


def test_an_unwritable_outbox_keeps_the_application_and_retry_writes_it(
        app, client, auth, runner, outbox, candidate, member_a, vacancy, unwritable_outbox):
    response = apply(client, auth, candidate, vacancy)
    assert response.status_code == 200 and "Candidature envoyée" in response.text
    assert len(failed_mails()) == 2
    assert runner.invoke(args=["mail", "retry"]).exit_code == 1
    assert len(failed_mails()) == 2  # still waiting, not lost
    unwritable_outbox()
    assert runner.invoke(args=["mail", "retry"]).exit_code == 0
    assert {m["To"] for m in outbox.messages()} == {candidate.email, member_a.email}
    assert outbox.last_to(candidate.email)["Subject"].startswith("Votre candidature")


def test_a_mail_that_cannot_be_built_does_not_fail_the_request(
        client, auth, runner, candidate, member_a, vacancy, outbox):
    """An address with a line break (stored before validation existed) cannot be sent."""
    broken = factories.user("member", establishment=vacancy.establishment)
    broken.email = "rh@tilleuls.fr\nBcc: tous@example.org"
    db.session.commit()
    response = apply(client, auth, candidate, vacancy)
    assert response.status_code == 200 and "Candidature envoyée" in response.text
    (refused,) = db.session.scalars(select(SentMail).where(SentMail.status == "refused")).all()
    assert "linefeed" in refused.error and refused.next_attempt_at is None
    assert {m["To"] for m in outbox.messages()} == {candidate.email, member_a.email}
    result = runner.invoke(args=["mail", "retry"])
    assert result.exit_code == 0 and "Courriels renvoyés : 0" in result.output


def test_a_title_with_a_line_break_is_mailed_on_one_line(app, candidate, outbox):
    with app.test_request_context():
        vacancy = factories.vacancy(title="Aide-soignant\r\nBcc: tous@example.org",
                                    status="published")
        mail.send(candidate.email, "vacancy_published", vacancy=vacancy)
    (message,) = outbox.messages()
    assert message["Subject"] == "Offre publiée : Aide-soignant Bcc: tous@example.org"
    assert message["Bcc"] is None


def test_a_failed_outbox_write_leaves_no_partial_file(app, tmp_path, candidate):
    """A disk that fills up mid-write (here: a file size limit) keeps no .part file."""
    folder = tmp_path / "small"
    with app.test_request_context():
        message = mail.build_message(candidate.email, "password_reset", user=candidate,
                                     token="t" * 2000, minutes=60)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a kill
    resource.setrlimit(resource.RLIMIT_FSIZE, (512, hard))
    try:
        with pytest.raises(OSError) as error:
            mail._write_outbox(message, folder)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
    assert error.value.errno == errno.EFBIG
    assert list(folder.iterdir()) == []


def test_two_retries_at_once_send_each_mail_once(app, database_url, tmp_path, candidate,
                                                 unwritable_outbox):
    with app.test_request_context():
        for n in range(RETRIED):
            mail.send(candidate.email, "password_reset", user=candidate, token=f"t{n}",
                      minutes=60)
    assert len(failed_mails()) == RETRIED
    db.session.commit()
    retry = "app.notifications.delivery.retry_failed"
    outcomes = run_together(database_url, tmp_path, [[(retry, ())]] * 2)
    assert outcomes == [(retry, "ok")] * 2
    written = [m for n in (0, 1) for m in Mailbox(tmp_path / f"p{n}" / "outbox").messages()]
    assert sorted(m["Message-ID"] for m in written) == sorted(
        {m["Message-ID"] for m in written})
    assert len(written) == RETRIED
    db.session.expire_all()
    assert set(db.session.scalars(select(SentMail.status))) == {"sent"}


def test_a_mail_held_by_a_crashed_retry_is_taken_back_later(app, runner, candidate, outbox):
    now = utcnow()
    for minutes in (1, 11):  # held by a retry still running, by one that crashed
        db.session.add(SentMail(recipient=candidate.email, template="password_reset",
                                subject=f"il y a {minutes} min", status="sending",
                                error="OSError", body="Bonjour", attempts=1,
                                at=now - timedelta(minutes=minutes)))
    db.session.commit()
    result = runner.invoke(args=["mail", "retry"])
    assert "Courriels renvoyés : 1" in result.output
    assert len(outbox.messages()) == 1
    assert db.session.scalars(select(SentMail.status).order_by(SentMail.id)).all() == [
        "sending", "sent"]
