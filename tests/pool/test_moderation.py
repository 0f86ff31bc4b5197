"""Staff publish or reject pending vacancies in the staff queue; the member is told by mail."""
from datetime import timedelta

import pytest

from app.errors import InvalidTransition
from app.extensions import db
from app.pool import moderation
from app.pool.models import Vacancy
from app.timeutil import local_today
from tests import factories
from tests.pool.conftest import page_as


def reload(vacancy):
    db.session.expire_all()
    return db.session.get(Vacancy, vacancy.id)


def test_staff_publishes(client, auth, staff, member_a, establishment_a, outbox):
    vacancy = factories.vacancy(establishment_a, "pending", author_id=member_a.id)
    auth.login(staff)
    assert "Aide-soignant(e) de jour" in client.get("/staff/").text
    assert client.post(f"/staff/queue/vacancy/{vacancy.id}/approve").status_code == 302
    vacancy = reload(vacancy)
    assert vacancy.status == "published" and vacancy.published_at is not None
    assert vacancy.expires_on == local_today() + timedelta(days=60)
    assert "Offre publiée" in outbox.last_to(member_a.email)["Subject"]


def test_member_chosen_expiry_date_is_kept(client, auth, staff, establishment_a):
    chosen = local_today() + timedelta(days=20)
    vacancy = factories.vacancy(establishment_a, "pending", expires_on=chosen)
    auth.login(staff)
    client.post(f"/staff/queue/vacancy/{vacancy.id}/approve")
    assert reload(vacancy).expires_on == chosen


def _reject(client, vacancy, reason, comment):
    prefix = f"vacancy-{vacancy.id}"
    return client.post(f"/staff/queue/vacancy/{vacancy.id}/reject",
                       data={f"{prefix}-reason": reason, f"{prefix}-comment": comment})


def test_staff_rejects_with_a_coded_reason(client, auth, staff, member_a, establishment_a,
                                           outbox):
    vacancy = factories.vacancy(establishment_a, "pending", author_id=member_a.id)
    auth.login(staff)
    response = _reject(client, vacancy, "discriminatory", "Retirez l'âge maximum.")
    assert response.status_code == 302
    vacancy = reload(vacancy)
    assert (vacancy.status, vacancy.rejection_reason) == ("rejected", "discriminatory")
    body = outbox.body(outbox.last_to(member_a.email))
    assert "Critère discriminatoire" in body and "Retirez l'âge maximum." in body


def test_reject_needs_a_known_reason_and_a_comment(client, auth, staff, establishment_a):
    vacancy = factories.vacancy(establishment_a, "pending")
    auth.login(staff)
    response = _reject(client, vacancy, "because", "")
    assert response.status_code == 400
    prefix = f"vacancy-{vacancy.id}"
    assert f'id="{prefix}-reason-error"' in response.text
    assert f'id="{prefix}-comment-error"' in response.text
    assert reload(vacancy).status == "pending"


def test_publishing_twice_is_refused_with_a_message(client, auth, staff, establishment_a):
    vacancy = factories.vacancy(establishment_a, "published")
    with pytest.raises(InvalidTransition, match="Action impossible : l'offre est « Publiée »"):
        moderation.publish(staff, vacancy.id)
    auth.login(staff)
    response = client.post(f"/staff/queue/vacancy/{vacancy.id}/approve", follow_redirects=True)
    assert "vient de traiter cet élément" in response.text
    assert reload(vacancy).status == "published"


def test_a_pending_vacancy_offers_staff_the_queue(client, auth, staff, member_a,
                                                  establishment_a):
    vacancy = factories.vacancy(establishment_a, "pending")
    link = f'href="/staff/queue/vacancy/{vacancy.id}"'
    assert link not in page_as(client, auth, member_a, vacancy)
    assert link in page_as(client, auth, staff, vacancy)
    auth.login(staff)
    assert client.get(f"/staff/queue/vacancy/{vacancy.id}").status_code == 200


def test_the_old_moderation_pages_are_gone(client, auth, staff, establishment_a):
    vacancy = factories.vacancy(establishment_a, "pending")
    auth.login(staff)
    assert client.get("/staff/vacancies/").status_code == 404
    assert client.post(f"/staff/vacancies/{vacancy.id}/publish").status_code == 404
    assert reload(vacancy).status == "pending"


def test_rejected_vacancy_goes_back_to_draft_when_edited(client, auth, member_a,
                                                         establishment_a):
    from tests.pool.test_drafting import form_data
    vacancy = factories.vacancy(establishment_a, "rejected")
    auth.login(member_a)
    assert "Précisez les horaires." in client.get(f"/pool/{vacancy.id}").text
    client.post(f"/pool/{vacancy.id}/edit", data=form_data())
    assert reload(vacancy).status == "draft"


def test_member_fills_and_withdraws_through_the_pages(client, auth, member_a, establishment_a):
    published = factories.vacancy(establishment_a, "published")
    draft = factories.vacancy(establishment_a, "draft")
    auth.login(member_a)
    client.post(f"/pool/{published.id}/fill")
    assert "Oui, retirer l'offre" in client.get(f"/pool/{draft.id}/withdraw").text
    client.post(f"/pool/{draft.id}/withdraw")
    assert (reload(published).status, reload(draft).status) == ("filled", "withdrawn")
    response = client.post(f"/pool/{draft.id}/fill", follow_redirects=True)
    assert "Action impossible" in response.text


def test_submit_through_the_page(client, auth, member_a, establishment_a):
    draft = factories.vacancy(establishment_a, "draft")
    auth.login(member_a)
    response = client.post(f"/pool/{draft.id}/submit", follow_redirects=True)
    assert "Offre envoyée" in response.text and reload(draft).status == "pending"
