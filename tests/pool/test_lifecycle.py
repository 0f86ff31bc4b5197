"""The vacancy state machine, and who may move a vacancy through it."""
from datetime import timedelta

import pytest

from app.errors import InvalidTransition
from app.pool import lifecycle, moderation, services
from app.pool.lifecycle import VACANCY
from app.pool.models import Vacancy
from app.timeutil import local_today
from tests import factories
from tests.pool.conftest import page_as

# action: (the states it starts from, the state it leads to), written out again here
EXPECTED = {
    "submit": ({"draft"}, "pending"),
    "publish": ({"pending"}, "published"),
    "reject": ({"pending"}, "rejected"),
    "revise": ({"published"}, "pending"),
    "redraft": ({"rejected", "pending", "published"}, "draft"),
    "withdraw": ({"draft", "pending", "published"}, "withdrawn"),
    "fill": ({"published"}, "filled"),
    "expire": ({"published"}, "expired"),
}
LABELS = {"draft": "Brouillon", "pending": "En attente de modération", "published": "Publiée",
          "rejected": "Refusée", "filled": "Pourvue", "expired": "Expirée",
          "withdrawn": "Retirée"}
DETAILS = {"reject": {"reason": "incomplete", "comment": "À compléter."}}


def test_the_declaration_names_every_state_once():
    assert set(VACANCY.states) == set(LABELS)
    assert {state: str(VACANCY.label(state)) for state in LABELS} == LABELS
    assert VACANCY.group("open") == {"draft", "pending", "published"}
    assert VACANCY.group("closed") == {"filled", "expired", "withdrawn"}
    assert VACANCY.group("editable") == {"draft", "pending", "published", "rejected"}
    assert set(VACANCY.transitions) == set(EXPECTED)


def test_the_check_constraint_comes_from_the_declaration():
    (check,) = [c for c in Vacancy.__table__.constraints if c.name == "ck_vacancy_status"]
    assert str(check.sqltext) == ("status IN ('draft', 'pending', 'published', 'rejected', "
                                  "'filled', 'expired', 'withdrawn')")


def _unsaved(status):
    """A vacancy in `status`, past its expiry date so that `expire` may apply."""
    return Vacancy(status=status, expires_on=local_today() - timedelta(days=1))


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("status", sorted(LABELS))
def test_each_action_from_each_state(staff, action, status):
    """Staff may do everything: only the state decides, and a refusal says which state."""
    sources, target = EXPECTED[action]
    vacancy = _unsaved(status)
    assert VACANCY.can(vacancy, action, staff) == (status in sources)
    if status in sources:
        VACANCY.apply(vacancy, action, staff, **DETAILS.get(action, {}))
        assert vacancy.status == target
    else:
        message = f"Action impossible : l'offre est « {LABELS[status]} »."
        with pytest.raises(InvalidTransition, match=message):
            VACANCY.apply(vacancy, action, staff, **DETAILS.get(action, {}))
        assert (vacancy.status, vacancy.published_at, vacancy.rejection_reason) == (
            status, None, None)


def test_publishing_dates_the_vacancy_and_clears_an_old_refusal(staff):
    vacancy = _unsaved("pending")
    vacancy.rejection_reason, vacancy.rejection_comment = "incomplete", "Avant."
    VACANCY.apply(vacancy, "publish", staff)
    assert vacancy.expires_on == local_today() + timedelta(days=60)
    assert vacancy.published_at is not None
    assert (vacancy.rejection_reason, vacancy.rejection_comment) == (None, None)


def test_rejecting_keeps_the_reason_and_the_comment(staff):
    vacancy = _unsaved("pending")
    VACANCY.apply(vacancy, "reject", staff, reason="duplicate", comment="Déjà en ligne.")
    assert (vacancy.rejection_reason, vacancy.rejection_comment) == ("duplicate",
                                                                     "Déjà en ligne.")


@pytest.mark.parametrize("action", ["publish", "reject"])
def test_only_staff_moderate(establishment_a, member_a, action):
    vacancy = factories.vacancy(establishment_a, "pending")
    assert not VACANCY.can(vacancy, action, member_a)
    with pytest.raises(InvalidTransition, match="Seule l'association modère les offres."):
        VACANCY.apply(vacancy, action, member_a, **DETAILS.get(action, {}))
    assert vacancy.status == "pending"


def test_only_the_lead_withdraws_a_shared_position(establishment_a, establishment_b,
                                                   member_a, member_b):
    vacancy = factories.vacancy(establishment_a, "published",
                                co_employers=[(establishment_b, 40, True)])
    assert VACANCY.can(vacancy, "withdraw", member_a)
    with pytest.raises(InvalidTransition, match="Seul l'établissement qui publie l'offre"):
        VACANCY.apply(vacancy, "withdraw", member_b)
    assert vacancy.status == "published"


def test_a_vacancy_still_in_date_does_not_expire(staff):
    vacancy = _unsaved("published")
    vacancy.expires_on = local_today()
    assert not VACANCY.can(vacancy, "expire")
    with pytest.raises(InvalidTransition, match="n'a pas atteint sa date d'expiration"):
        VACANCY.apply(vacancy, "expire")
    assert vacancy.status == "published"


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
        assert _act(actor, vacancy.id, action).status == EXPECTED[action][1]
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


# On a position A shares with B (confirmed): only the lead submits or withdraws it.
SHARED_CASES = [
    ("submit", "draft", {"member_a", "staff"}),
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
        assert _act(actor, vacancy.id, action).status == EXPECTED[action][1]
    else:
        with pytest.raises(services.NotAllowed):
            _act(actor, vacancy.id, action)


def test_a_co_employer_is_not_offered_to_withdraw(client, auth, establishment_a,
                                                  establishment_b, member_a, member_b):
    vacancy = factories.vacancy(establishment_a, "published",
                                co_employers=[(establishment_b, 40, True)])
    link = f'href="/pool/{vacancy.id}/withdraw"'
    assert link not in page_as(client, auth, member_b, vacancy)
    assert link in page_as(client, auth, member_a, vacancy)
