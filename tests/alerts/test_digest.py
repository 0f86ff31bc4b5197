"""`flask --app wsgi alerts`: one mail per user with what is new, as they may see it."""
import re
from pathlib import Path
from datetime import datetime, timedelta, timezone

import pytest
import time_machine

from app.alerts.models import SavedSearch
from app.extensions import db
from app.notifications import delivery
from app.notifications.models import SentMessage
from app.notifications.services import save_preferences
from app.notifications.kinds import KINDS
from tests import factories
from tests.alerts.helpers import saved_search
from tests.conftest import make_app
from tests.mailbox import smtp_server

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)
LATER, NEXT_DAY = T0 + timedelta(hours=2), T0 + timedelta(days=1)


def linked(body, prefix):
    """The ids of the links of `body` that start with `prefix`."""
    return {int(n) for n in re.findall(rf"^  {re.escape(prefix)}(\d+)$", body, re.M)}


def run_alerts(runner, when=NEXT_DAY, exit_code=0, tick=False):
    with time_machine.travel(when, tick=tick):
        result = runner.invoke(args=["alerts"])
    assert result.exit_code == exit_code, result.output
    return result.output


@pytest.fixture
def news(establishment_a, member_a):
    """Saved at T0: member A's nurse vacancies and nurse CVs; then what was published."""
    with time_machine.travel(T0 - timedelta(days=3), tick=False):
        old = factories.vacancy(establishment_a, status="published", title="Infirmier ancien")
    with time_machine.travel(T0, tick=False):
        saved_search(member_a, name="Infirmiers", query="infirmière")
        saved_search(member_a, kind="cv", name="CV d'IDE", query="IDE")
    with time_machine.travel(LATER, tick=False):
        return {
            "old": old,
            "vacancy": factories.vacancy(establishment_a, status="published",
                                         title="Infirmier(ère) de nuit", occupation="J1506"),
            "other": factories.vacancy(establishment_a, status="published",
                                       title="Cuisinier", occupation="G1602"),
            "draft": factories.vacancy(establishment_a, title="Infirmier brouillon"),
            "cv": factories.cv_profile(headline="Infirmière DE, 5 ans en SSIAD",
                                       occupations=["J1506"]),
            "hidden_cv": factories.cv_profile(in_bank=False, headline="Infirmière masquée"),
        }


def test_one_mail_lists_the_new_results_of_each_saved_search(runner, outbox, member_a, news):
    output = run_alerts(runner)
    assert "1 utilisateur(s) prévenu(s), 2 résultat(s)" in output
    (message,) = outbox.messages()
    assert message["To"] == member_a.email
    assert message["Subject"] == "2 nouveaux résultats pour vos recherches enregistrées"
    body = outbox.body(message)
    assert "« Infirmiers » : 1 nouveau résultat" in body and "« CV d'IDE »" in body
    assert linked(body, "http://localhost/pool/") == {news["vacancy"].id}
    assert linked(body, "http://localhost/cv/") == {news["cv"].id}
    assert "Cuisinier" not in body and "ancien" not in body and "masquée" not in body
    assert "http://localhost/notifications/preferences" in body


def test_running_twice_sends_nothing_new(runner, outbox, news):
    run_alerts(runner)
    again = run_alerts(runner, NEXT_DAY + timedelta(hours=1))
    assert "0 utilisateur(s) prévenu(s), 0 résultat(s)" in again
    assert len(outbox.messages()) == 1


def test_the_next_day_brings_only_what_is_newer(runner, outbox, establishment_a, member_a, news):
    run_alerts(runner)
    with time_machine.travel(NEXT_DAY + timedelta(hours=3), tick=False):
        newer = factories.vacancy(establishment_a, status="published", title="Infirmier de jour")
    run_alerts(runner, NEXT_DAY + timedelta(days=1))
    body = outbox.body(outbox.messages()[-1])
    assert linked(body, "http://localhost/pool/") == {newer.id}


def test_links_use_the_base_url(database_url, tmp_path, outbox, news):
    configured = make_app(database_url, tmp_path, BASE_URL="https://emploi.gtec-bocage.fr")
    with configured.app_context():
        run_alerts(configured.test_cli_runner())
    assert f"https://emploi.gtec-bocage.fr/pool/{news['vacancy'].id}" in \
        outbox.body(outbox.messages()[0])


def test_filters_of_the_saved_search_apply(runner, outbox, establishment_a, candidate):
    with time_machine.travel(T0, tick=False):
        saved_search(candidate, name="CDI", query="aide soignant", filters={"contract": ["cdi"]})
    with time_machine.travel(LATER, tick=False):
        cdi = factories.vacancy(establishment_a, status="published", contract_type="cdi")
        cdd = factories.vacancy(establishment_a, status="published", contract_type="cdd",
                                end_date=LATER.date() + timedelta(days=90))
    run_alerts(runner)
    body = outbox.body(outbox.last_to(candidate.email))
    assert linked(body, "http://localhost/pool/") == {cdi.id} != {cdd.id}


def test_a_candidate_never_gets_a_cv(runner, outbox, candidate, news):
    with time_machine.travel(T0, tick=False):
        saved_search(candidate, kind="cv", query="infirmière")  # forged past the form
        saved_search(candidate, kind="training", query="")
    with time_machine.travel(LATER, tick=False):
        factories.training_session(title="Plaies chroniques")
    run_alerts(runner)
    assert outbox.to(candidate.email) == []


def test_members_get_new_training_sessions(runner, outbox, member_b, establishment_a):
    with time_machine.travel(T0, tick=False):
        saved_search(member_b, kind="training", name="Formations plaies", query="plaies")
    with time_machine.travel(LATER, tick=False):
        session = factories.training_session(establishment_a, title="Soins des plaies")
    run_alerts(runner)
    body = outbox.body(outbox.last_to(member_b.email))
    assert linked(body, "http://localhost/training/") == {session.id}
    assert "Soins des plaies" in body and establishment_a.name in body


def test_what_left_the_pool_before_the_digest_is_not_mailed(runner, outbox, news):
    news["vacancy"].status = "withdrawn"
    news["cv"].visibility = "hidden"
    db.session.commit()
    run_alerts(runner)
    assert outbox.messages() == []


@pytest.mark.parametrize("change", ["suspended", "disabled", "alerts_off"])
def test_nothing_for_a_suspended_member_a_disabled_user_or_alerts_off(
        runner, outbox, member_a, establishment_a, news, change):
    if change == "suspended":
        establishment_a.status = "suspended"
    elif change == "disabled":
        member_a.disabled = True
    else:
        save_preferences(member_a, {kind: {"mail"} for kind in KINDS if kind != "alerts"})
    db.session.commit()
    run_alerts(runner)
    assert outbox.messages() == []


def test_alerts_can_be_turned_off_on_the_preferences_page(client, auth, member_a):
    auth.login(member_a)
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert "Alertes : nouveaux résultats de mes recherches enregistrées" in page


class RefuseOne:
    """An SMTP server that refuses one recipient and keeps the other messages."""

    def __init__(self, refused):
        self.refused, self.received = refused, []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refused:
            return "550 5.1.1 Destinataire refusé"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.rcpt_tos[0], envelope.content.decode("utf-8", "replace")))
        return "250 OK"


@pytest.fixture
def smtp(app, member_a):
    handler = RefuseOne(member_a.email)
    with smtp_server(app, handler):
        yield handler


def test_a_failed_mail_stops_nobody_else_and_is_logged_and_retried(runner, smtp, member_a,
                                                                   member_b, news):
    with time_machine.travel(T0, tick=False):
        saved_search(member_b, name="Infirmiers B", query="infirmier")
    output = run_alerts(runner)
    assert "2 utilisateur(s) prévenu(s), 3 résultat(s)" in output
    assert [to for to, _ in smtp.received] == [member_b.email]
    db.session.commit()
    logged = {m.recipient: m for m in db.session.scalars(db.select(SentMessage))}
    assert {m.template for m in logged.values()} == {"search_alerts"}
    assert (logged[member_a.email].status, logged[member_b.email].status) == ("failed", "sent")
    smtp.refused = None
    assert delivery.retry_failed() == (1, 0)  # kept by the log, not by the watermarks
    assert [to for to, _ in smtp.received] == [member_b.email, member_a.email]
    assert "Subject: 2 nouveaux" in smtp.received[-1][1]
    assert "0 utilisateur(s) prévenu(s)" in run_alerts(runner, NEXT_DAY + timedelta(hours=1))


def test_the_digest_follows_the_channels_chosen_and_is_logged(app, runner, outbox, member_a,
                                                               news):
    member_a.mobile_phone = "+33612345678"
    db.session.commit()
    save_preferences(member_a, {"alerts": {"sms"}})
    run_alerts(runner, NEXT_DAY.replace(hour=10))  # 11:00 in Paris: no quiet hours
    assert outbox.messages() == []
    (sms,) = Path(app.config["SMS_OUTBOX"]).glob("*.txt")
    assert "de nouveaux résultats pour vos recherches" in sms.read_text()
    db.session.commit()
    (logged,) = db.session.scalars(db.select(SentMessage)).all()
    assert (logged.channel, logged.kind, logged.status) == ("sms", "alerts", "sent")


def test_a_busy_index_sends_nothing_and_loses_nothing(app, monkeypatch, runner, outbox,
                                                      member_a, news):
    from app.search import whoosh_backend, whoosh_writer
    monkeypatch.setattr(whoosh_writer, "WRITE_TIMEOUT", 0.1)
    held = whoosh_backend.open_index(app.config["SEARCH_INDEX"], "vacancy").writer()
    try:  # the clock ticks: whoosh waits for its lock by the clock
        with time_machine.travel(LATER, tick=True):
            later = factories.vacancy(news["vacancy"].establishment, status="published",
                                      title="Infirmier coordinateur")
        assert "Index de recherche occupé" in run_alerts(runner, exit_code=1, tick=True)
    finally:
        held.cancel()
    assert outbox.messages() == []
    run_alerts(runner, NEXT_DAY + timedelta(minutes=1))
    body = outbox.body(outbox.last_to(member_a.email))
    assert linked(body, "http://localhost/pool/") == {news["vacancy"].id, later.id}


def test_a_database_error_for_one_user_stops_nobody_else(monkeypatch, runner, outbox,
                                                         member_a, member_b, news):
    """A failed statement (on PostgreSQL it aborts the transaction) fails its user only."""
    from sqlalchemy import text
    from app.alerts import digest
    real_news = digest.news

    def news_failing_for_a(user, previous, cutoff):
        if user.id == member_a.id:
            db.session.execute(text("SELECT no_such_column FROM saved_search"))
        return real_news(user, previous, cutoff)

    monkeypatch.setattr(digest, "news", news_failing_for_a)
    with time_machine.travel(T0, tick=False):
        saved_search(member_b, name="Infirmiers B", query="infirmier")
    assert member_a.id < member_b.id  # A fails first
    output = run_alerts(runner, exit_code=1)
    assert f"Échec de l'envoi pour 1 utilisateur(s) (id {member_a.id})" in output
    assert [message["To"] for message in outbox.messages()] == [member_b.email]
