"""The daily job, with a frozen clock: reminders a week before, then expiry."""
import re
from datetime import date, datetime, timezone

import time_machine

from app.extensions import db
from app.pool import expiry
from app.pool.models import Vacancy
from tests import factories

PUBLISHED = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
EXPIRES = date(2026, 5, 1)


def reload(vacancy):
    db.session.expire_all()
    return db.session.get(Vacancy, vacancy.id)


def published(establishment, author):
    return factories.vacancy(establishment, "published", author_id=author.id,
                             published_at=PUBLISHED, expires_on=EXPIRES,
                             start_date=date(2026, 3, 20))


def run(runner):
    result = runner.invoke(args=["expire"])
    assert result.exit_code == 0, result.output
    return result.output


def test_reminder_a_week_before_then_expiry(runner, client, establishment_a, member_a, outbox):
    vacancy = published(establishment_a, member_a)
    with time_machine.travel(datetime(2026, 4, 23, 6, 0, tzinfo=timezone.utc), tick=False):
        assert "Rappels envoyés : 0" in run(runner)
    with time_machine.travel(datetime(2026, 4, 24, 6, 0, tzinfo=timezone.utc), tick=False):
        assert "Rappels envoyés : 1" in run(runner)
        assert "Rappels envoyés : 0" in run(runner)  # once per expiry date
    assert "expire bientôt" in outbox.last_to(member_a.email)["Subject"]
    with time_machine.travel(datetime(2026, 5, 1, 20, 0, tzinfo=timezone.utc), tick=False):
        assert "Offres expirées : 0" in run(runner)
        assert client.get(f"/pool/{vacancy.id}").status_code == 200
    with time_machine.travel(datetime(2026, 5, 1, 22, 30, tzinfo=timezone.utc), tick=False):
        # 00:30 on 2 May in Paris: gone from the public list before the job even runs
        assert client.get(f"/pool/{vacancy.id}").status_code == 404
        assert "Offres expirées : 1" in run(runner)
    assert reload(vacancy).status == "expired"


def test_still_open_link_extends_once(runner, client, establishment_a, member_a, outbox):
    vacancy = published(establishment_a, member_a)
    with time_machine.travel(datetime(2026, 4, 25, 8, 0, tzinfo=timezone.utc), tick=False):
        run(runner)
        body = outbox.body(outbox.last_to(member_a.email))
        link = re.search(r"http://\S+(/pool/\d+/extend/\S+)", body).group(1)
        page = client.get(link)
        assert page.status_code == 200 and "toujours à pourvoir" in page.text
        assert client.post(link).status_code == 302
        assert reload(vacancy).expires_on == date(2026, 5, 31)
        again = client.post(link, follow_redirects=True)
        assert "déjà servi" in again.text
        assert reload(vacancy).expires_on == date(2026, 5, 31)


def test_extension_link_refused_once_expired_or_forged(client, establishment_a, member_a):
    vacancy = published(establishment_a, member_a)
    with time_machine.travel(datetime(2026, 4, 25, 8, 0, tzinfo=timezone.utc), tick=False):
        token = expiry.extension_token(vacancy)
        other = published(establishment_a, member_a)
        assert client.post(f"/pool/{other.id}/extend/{token}").status_code == 302
        assert reload(other).expires_on == EXPIRES
        assert client.post(f"/pool/{vacancy.id}/extend/{token}x").status_code == 302
    with time_machine.travel(datetime(2026, 5, 3, 8, 0, tzinfo=timezone.utc), tick=False):
        expiry.expire_due()
        client.post(f"/pool/{vacancy.id}/extend/{token}")
    assert reload(vacancy).status == "expired"


def test_closed_vacancies_are_left_alone(runner, establishment_a, member_a, outbox):
    filled = factories.vacancy(establishment_a, "filled", expires_on=EXPIRES)
    with time_machine.travel(datetime(2026, 6, 1, 8, 0, tzinfo=timezone.utc), tick=False):
        assert "Offres expirées : 0. Rappels envoyés : 0." in run(runner)
    assert reload(filled).status == "filled" and outbox.messages() == []
