"""A right lost between the page and the submit: the service, reading again under its
lock, refuses and changes nothing, even though the objects in memory still say yes."""
import pytest
from sqlalchemy import func, select, update

from app.audit.models import AuditEvent
from app.auth.models import User
from app.extensions import db
from app.members.models import Establishment
from app.permissions import (can_edit_vacancy, can_fill_vacancy, can_moderate,
                             can_withdraw_vacancy)
from app.pool import moderation, services
from app.pool.models import Vacancy
from tests import factories


def _suspend(establishment_id):
    return update(Establishment).where(Establishment.id == establishment_id).values(
        status="suspended")


def _demote(user_id):
    return update(User).where(User.id == user_id).values(role="candidate")


# action, starting state, who acts, what the page checked, how the right is lost, the service
CASES = {
    "withdraw": ("published", "member_a", can_withdraw_vacancy,
                 lambda people: _suspend(people["member_a"].establishment_id),
                 lambda actor, ident: services.close(actor, ident, "withdraw")),
    "fill": ("published", "member_a", can_fill_vacancy,
             lambda people: _suspend(people["member_a"].establishment_id),
             lambda actor, ident: services.close(actor, ident, "fill")),
    "submit": ("draft", "member_a", can_edit_vacancy,
               lambda people: _suspend(people["member_a"].establishment_id),
               services.submit),
    "publish": ("pending", "staff", lambda actor, vacancy: can_moderate(actor),
                lambda people: _demote(people["staff"].id), moderation.publish),
    "reject": ("pending", "staff", lambda actor, vacancy: can_moderate(actor),
               lambda people: _demote(people["staff"].id),
               lambda actor, ident: moderation.reject(actor, ident, "incomplete", "Non.")),
}


@pytest.mark.parametrize("action", sorted(CASES))
def test_a_right_lost_after_the_page_is_refused_under_the_lock(establishment_a, member_a,
                                                               staff, action):
    status, role, page_check, lose_right, service = CASES[action]
    people = {"member_a": member_a, "staff": staff}
    actor = people[role]
    vacancy = factories.vacancy(establishment_a, status)
    assert page_check(actor, vacancy)  # the page offered the action: the objects are loaded
    with db.engine.begin() as other_request:  # meanwhile, staff take the right away
        other_request.execute(lose_right(people))
    assert page_check(actor, vacancy)  # what this session holds in memory still says yes

    with pytest.raises(services.NotAllowed):
        service(actor, vacancy.id)
    db.session.expire_all()
    assert db.session.get(Vacancy, vacancy.id).status == status
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == f"vacancy_{action}")) == 0


def test_a_co_employer_suspended_before_confirming_is_refused(establishment_a, establishment_b,
                                                              member_b):
    vacancy = factories.vacancy(establishment_a, co_employers=[(establishment_b, 40, False)])
    assert services.can_confirm_share(member_b, vacancy)
    with db.engine.begin() as other_request:
        other_request.execute(_suspend(establishment_b.id))
    with pytest.raises(services.NotAllowed):
        services.confirm_share(member_b, vacancy.id)
    db.session.expire_all()
    assert db.session.get(Vacancy, vacancy.id).unconfirmed_shares
