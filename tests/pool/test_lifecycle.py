"""The vacancy state machine, and who may move a vacancy through it."""
import pytest

from app.errors import InvalidTransition
from app.pool import lifecycle, moderation, services
from app.pool.models import STATUSES
from tests import factories

EXPECTED = {
    "submit": {"draft"},
    "publish": {"pending"},
    "reject": {"pending"},
    "revise": {"published"},
    "redraft": {"rejected", "pending", "published"},
    "withdraw": {"draft", "pending", "published"},
    "fill": {"published"},
    "expire": {"published"},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("status", sorted(STATUSES))
def test_transition_allowed_only_from_its_states(name, status):
    vacancy = type("V", (), {"status": status})()
    if status in EXPECTED[name]:
        lifecycle.apply(vacancy, name)
        assert vacancy.status == lifecycle.TRANSITIONS[name][1]
    else:
        with pytest.raises(InvalidTransition, match="Action impossible"):
            lifecycle.apply(vacancy, name)
        assert vacancy.status == status


@pytest.mark.parametrize("status, confirmed, expected", [
    ("draft", True, None), ("draft", False, None), ("pending", True, None),
    ("pending", False, "redraft"), ("published", True, "revise"),
    ("published", False, "redraft"), ("rejected", True, "redraft"),
])
def test_what_an_edit_does(status, confirmed, expected):
    assert lifecycle.after_edit(status, confirmed) == expected


def _act(role_user, vacancy_id, action):
    if action == "publish":
        return moderation.publish(role_user, vacancy_id)
    if action == "reject":
        return moderation.reject(role_user, vacancy_id, "incomplete", "À compléter.")
    if action == "submit":
        return services.submit(role_user, vacancy_id)
    return services.close(role_user, vacancy_id, action)


# action, starting state, who may: the others get NotAllowed
ROLE_CASES = [
    ("submit", "draft", {"member_a", "staff"}),
    ("withdraw", "published", {"member_a", "staff"}),
    ("fill", "published", {"member_a", "staff"}),
    ("publish", "pending", {"staff"}),
    ("reject", "pending", {"staff"}),
]


@pytest.mark.parametrize("role", ["candidate", "member_a", "member_b", "staff"])
@pytest.mark.parametrize("action, status, allowed", ROLE_CASES)
def test_transitions_by_role(request, establishment_a, role, action, status, allowed):
    actor = request.getfixturevalue(role)
    vacancy = factories.vacancy(establishment_a, status)
    if role in allowed:
        assert _act(actor, vacancy.id, action).status == lifecycle.TRANSITIONS[action][1]
    else:
        with pytest.raises(services.NotAllowed):
            _act(actor, vacancy.id, action)


@pytest.mark.parametrize("action, status", [
    ("submit", "published"), ("publish", "draft"), ("reject", "published"),
    ("fill", "pending"), ("withdraw", "filled"), ("fill", "expired")])
def test_refused_transitions_keep_the_state(staff, establishment_a, action, status):
    vacancy = factories.vacancy(establishment_a, status)
    with pytest.raises(InvalidTransition):
        _act(staff, vacancy.id, action)
    assert factories.db.session.get(type(vacancy), vacancy.id).status == status


def test_suspended_member_cannot_act(establishment_a, member_a):
    vacancy = factories.vacancy(establishment_a, "draft")
    establishment_a.status = "suspended"
    factories.db.session.commit()
    with pytest.raises(services.NotAllowed):
        services.submit(member_a, vacancy.id)


# On a position A shares with B (confirmed): only the lead withdraws it.
SHARED_CASES = [
    ("submit", "draft", {"member_a", "member_b", "staff"}),
    ("withdraw", "draft", {"member_a", "staff"}),
    ("withdraw", "published", {"member_a", "staff"}),
    ("fill", "published", {"member_a", "member_b", "staff"}),
]


@pytest.mark.parametrize("role", ["candidate", "member_a", "member_b", "staff"])
@pytest.mark.parametrize("action, status, allowed", SHARED_CASES)
def test_transitions_of_a_shared_position_by_role(request, establishment_a, establishment_b,
                                                  role, action, status, allowed):
    actor = request.getfixturevalue(role)
    vacancy = factories.vacancy(establishment_a, status,
                                co_employers=[(establishment_b, 40, True)])
    if role in allowed:
        assert _act(actor, vacancy.id, action).status == lifecycle.TRANSITIONS[action][1]
    else:
        with pytest.raises(services.NotAllowed):
            _act(actor, vacancy.id, action)


def test_a_co_employer_is_not_offered_to_withdraw(client, auth, establishment_a,
                                                  establishment_b, member_a, member_b):
    vacancy = factories.vacancy(establishment_a, "published",
                                co_employers=[(establishment_b, 40, True)])
    link = f'href="/pool/{vacancy.id}/withdraw"'
    auth.login(member_b)
    assert link not in client.get(f"/pool/{vacancy.id}").text
    auth.logout()
    auth.login(member_a)
    assert link in client.get(f"/pool/{vacancy.id}").text
