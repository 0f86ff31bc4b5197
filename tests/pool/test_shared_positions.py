"""A shared position: co-employers confirm their shares before moderation."""
import pytest

from app.extensions import db
from app.pool import moderation, services
from app.pool.models import Vacancy
from tests import factories
from tests.pool.test_drafting import draft_fields


def shares(lead_share, *others):
    return [{"establishment_id": None, "fte_share": lead_share, "days": "Lundi, mardi"},
            *({"establishment_id": e.id, "fte_share": s, "days": None} for e, s in others)]


def test_shared_position_flow(member_a, member_b, establishment_b, staff, outbox):
    vacancy = services.create_draft(member_a, draft_fields(), shares(60, (establishment_b, 40)))
    assert vacancy.is_shared
    assert [row.establishment_id for row in vacancy.unconfirmed_shares] == [establishment_b.id]
    assert "Poste partagé à confirmer" in outbox.last_to(member_b.email)["Subject"]

    with pytest.raises(services.SharesUnconfirmed, match=establishment_b.name):
        services.submit(member_a, vacancy.id)
    with pytest.raises(services.NotAllowed):
        services.confirm_share(member_a, vacancy.id)  # the lead cannot confirm for B

    services.confirm_share(member_b, vacancy.id)
    assert "Parts confirmées" in outbox.last_to(member_a.email)["Subject"]
    with pytest.raises(services.NotAllowed):
        services.confirm_share(member_b, vacancy.id)  # nothing left to confirm
    assert services.submit(member_a, vacancy.id).status == "pending"
    assert moderation.publish(staff, vacancy.id).status == "published"


def test_shares_must_add_up(member_a, establishment_b):
    with pytest.raises(services.InvalidShares, match="totalisent 90 %"):
        services.create_draft(member_a, draft_fields(), shares(50, (establishment_b, 40)))
    assert db.session.scalar(db.select(db.func.count(Vacancy.id))) == 0


def test_co_employer_must_be_active(member_a):
    pending = factories.establishment(status="pending")
    with pytest.raises(services.InvalidShares, match="actif"):
        services.create_draft(member_a, draft_fields(), shares(60, (pending, 40)))


def test_changing_a_share_asks_for_a_new_confirmation(member_a, establishment_a,
                                                      establishment_b, member_b):
    vacancy = factories.vacancy(establishment_a, "published",
                                co_employers=[(establishment_b, 40, True)])
    same = services.update(member_a, vacancy.id, draft_fields(), shares(60, (establishment_b, 40)))
    assert same.status == "pending" and not same.unconfirmed_shares
    changed = services.update(member_a, vacancy.id, draft_fields(),
                              shares(50, (establishment_b, 50)))
    assert changed.status == "draft"
    assert [row.establishment_id for row in changed.unconfirmed_shares] == [establishment_b.id]


@pytest.mark.parametrize("status", ["draft", "published"])
def test_a_co_employer_cannot_edit_or_withdraw_the_other_employers_vacancy(
        member_b, establishment_a, establishment_b, status):
    vacancy = factories.vacancy(establishment_a, status,
                                co_employers=[(establishment_b, 40, status == "published")])
    fields = {**draft_fields(), "title": "Aide-soignant(e) partagé(e)"}
    with pytest.raises(services.NotAllowed):
        services.update(member_b, vacancy.id, fields, shares(70, (establishment_b, 30)))
    with pytest.raises(services.NotAllowed):
        services.close(member_b, vacancy.id, "withdraw")
    if status == "draft":
        with pytest.raises(services.NotAllowed):
            services.submit(member_b, vacancy.id)
    db.session.expire_all()
    kept = db.session.get(Vacancy, vacancy.id)
    assert kept.title == "Aide-soignant(e) de jour" and kept.status == status


def test_a_co_employer_still_marks_the_shared_position_filled(member_b, establishment_a,
                                                             establishment_b):
    vacancy = factories.vacancy(establishment_a, "published",
                                co_employers=[(establishment_b, 40, True)])
    assert services.close(member_b, vacancy.id, "fill").status == "filled"

