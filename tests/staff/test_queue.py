"""The one moderation queue: content, order, decisions, mails, bad input."""
import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.cv.models import CandidateProfile
from app.extensions import db
from app.members.models import Establishment
from app.pool.models import Vacancy
from app.staff import queue
from app.training.models import TrainingSession


def test_the_queue_lists_every_kind_oldest_first_and_flags_the_late(app, waiting):
    items = queue.waiting_items()
    assert [item.kind.name for item in items] == ["establishment", "vacancy", "profile",
                                                   "training"]
    assert [item.is_late() for item in items] == [True, False, False, False]


def test_the_queue_page_shows_each_item_with_its_wait(client, auth, staff, waiting):
    auth.login(staff)
    html = client.get("/staff/").get_data(as_text=True)
    for title in ("EHPAD du Val", "Infirmier(e) de nuit", "Aide-soignante, DEAS",
                  "Simulateur de vieillissement"):
        assert title in html
    assert html.index("EHPAD du Val") < html.index("Infirmier(e) de nuit") < html.index(
        "Aide-soignante, DEAS") < html.index("Simulateur de vieillissement")
    assert "attend depuis 3 j 0 h" in html and "plus de 48 h" in html
    assert html.count('name="items"') == 4


def test_an_item_opens_on_its_own_page(client, auth, staff, waiting):
    auth.login(staff)
    response = client.get(f"/staff/queue/vacancy/{waiting['vacancy'].id}")
    assert response.status_code == 200
    assert "Accompagnement des résidents" in response.get_data(as_text=True)
    assert client.get("/staff/queue/vacancy/999999").status_code == 404


@pytest.mark.parametrize("kind", ["vacancy", "profile", "training", "establishment"])
def test_approving_each_kind_goes_through_its_feature_and_mails_the_author(
        client, auth, staff, waiting, outbox, kind):
    auth.login(staff)
    item_id = waiting[kind].id
    response = client.post(f"/staff/queue/{kind}/{item_id}/approve")
    assert response.status_code == 302
    assert not any(i.kind.name == kind for i in queue.waiting_items())
    recipient = {"vacancy": waiting["vacancy"].author.email,
                 "profile": waiting["profile"].email,
                 "training": waiting["training"].created_by.email,
                 "establishment": "direction@val.example.org"}[kind]
    assert outbox.to(recipient)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.actor_id == staff.id,
                                                      AuditEvent.object_id == item_id))


REASONS = {"vacancy": "incomplete", "profile": "unreadable", "training": "duplicate",
           "establishment": "unverified"}


@pytest.mark.parametrize("kind", REASONS)
def test_rejecting_each_kind_mails_the_reason_and_the_comment(
        client, auth, staff, waiting, outbox, kind):
    auth.login(staff)
    recipient = {"vacancy": waiting["vacancy"].author.email, "profile": waiting["profile"].email,
                 "training": waiting["training"].created_by.email,
                 "establishment": "direction@val.example.org"}[kind]
    prefix = f"{kind}-{waiting[kind].id}"
    response = client.post(f"/staff/queue/{kind}/{waiting[kind].id}/reject", data={
        f"{prefix}-reason": REASONS[kind], f"{prefix}-comment": "Merci de préciser le lieu."})
    assert response.status_code == 302
    body = outbox.body(outbox.last_to(recipient))
    assert "Merci de préciser le lieu." in body
    assert str(queue.KINDS[kind].reasons[REASONS[kind]]) in body
    assert not any(i.kind.name == kind for i in queue.waiting_items())


def test_a_refused_membership_request_leaves_no_account(app, staff, waiting):
    with app.test_request_context():
        queue.reject(staff, "establishment", waiting["establishment"].id, "duplicate",
                     "Déjà membre.")
    assert db.session.get(Establishment, waiting["establishment"].id) is None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "establishment_reject"))
    assert event.details["name"] == "EHPAD du Val"


def test_rejecting_without_a_reason_changes_nothing(client, auth, staff, waiting, outbox):
    auth.login(staff)
    vacancy_id = waiting["vacancy"].id
    response = client.post(f"/staff/queue/vacancy/{vacancy_id}/reject",
                           data={f"vacancy-{vacancy_id}-comment": "Non."})
    assert response.status_code == 400
    assert "Choisissez un motif de refus." in response.get_data(as_text=True)
    assert db.session.get(Vacancy, vacancy_id).status == "pending"
    assert outbox.messages() == []


def test_a_reason_of_another_kind_is_refused(app, staff, waiting):
    with pytest.raises(queue.MissingReason):
        queue.reject(staff, "training", waiting["training"].id, "discriminatory", "Non.")
    assert db.session.get(TrainingSession, waiting["training"].id).status == "pending"


def test_deciding_twice_says_it_was_handled_and_changes_nothing(client, auth, staff, waiting,
                                                                 outbox):
    auth.login(staff)
    profile_id = waiting["profile"].id
    client.post(f"/staff/queue/profile/{profile_id}/approve")
    response = client.post(f"/staff/queue/profile/{profile_id}/reject", data={
        f"profile-{profile_id}-reason": "incomplete", f"profile-{profile_id}-comment": "Non."},
        follow_redirects=True)
    assert "Un autre membre de l&#39;équipe vient de traiter cet élément" in response.get_data(
        as_text=True)
    assert db.session.get(CandidateProfile, profile_id).moderation == "approved"
    assert len(outbox.messages()) == 1


def test_several_items_are_approved_at_once(client, auth, staff, waiting):
    auth.login(staff)
    keys = [f"vacancy:{waiting['vacancy'].id}", f"training:{waiting['training'].id}",
            f"profile:{waiting['profile'].id}", "vacancy:999999"]
    response = client.post("/staff/queue/approve", data={"items": keys}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "3 élément(s) approuvé(s)." in html
    assert "vient de traiter" in html  # the unknown one
    assert [i.kind.name for i in queue.waiting_items()] == ["establishment"]
    assert db.session.get(Vacancy, waiting["vacancy"].id).status == "published"


def test_approving_nothing_says_so(client, auth, staff, waiting):
    auth.login(staff)
    response = client.post("/staff/queue/approve", follow_redirects=True)
    assert "Cochez au moins un élément" in response.get_data(as_text=True)
