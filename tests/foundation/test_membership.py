"""The membership lifecycle, and the rights its services read again under the lock."""
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.auth import tokens
from app.auth.models import User
from app.errors import InvalidToken, InvalidTransition, NotAllowed
from app.extensions import db
from app.members import services
from app.members.models import MEMBERSHIP, Establishment
from tests import factories
from tests.meanwhile import demote, suspend

MOVES = {("pending", "approve"): "active", ("active", "suspend"): "suspended",
         ("suspended", "reactivate"): "active"}
LABELS = {"pending": "En attente", "active": "Actif", "suspended": "Suspendu"}


@pytest.mark.parametrize("state", sorted(LABELS))
@pytest.mark.parametrize("action", ["approve", "suspend", "reactivate"])
def test_membership_moves_and_refusals(app, state, action):
    establishment = factories.establishment(status=state)
    user = factories.user("member", establishment=establishment)
    token = user.session_token
    target = MOVES.get((state, action))
    assert MEMBERSHIP.can(establishment, action) == (target is not None)
    if target is None:
        with pytest.raises(InvalidTransition, match=f"plus possible : l'établissement est "
                                                    f"déjà « {LABELS[state]} »"):
            MEMBERSHIP.apply(establishment, action)
        assert establishment.status == state
        return
    MEMBERSHIP.apply(establishment, action)
    assert establishment.status == target
    assert (user.session_token != token) == (action == "suspend")  # logged out everywhere


def test_groups_filter_in_python_and_in_sql(app):
    made = {state: factories.establishment(name=state, status=state) for state in LABELS}
    for state, made_one in made.items():
        group = getattr(Establishment, f"is_{state}")
        assert db.session.scalars(select(Establishment).where(group)).all() == [made_one]
        assert [getattr(e, f"is_{state}") for e in made.values()] == [
            name == state for name in made]


def test_the_database_refuses_a_state_outside_the_lifecycle(establishment_a):
    establishment_a.status = "refused"
    with pytest.raises(IntegrityError, match="(?i)check"):
        db.session.commit()
    db.session.rollback()


@pytest.mark.parametrize("decide", [
    lambda actor, id_: services.change_status(actor, id_, "approve"),
    lambda actor, id_: services.reject_request(actor, id_, "incomplete", ""),
    lambda actor, id_: services.set_charter_date(actor, id_, date(2020, 1, 2)),
], ids=["approve", "reject", "charter"])
def test_staff_who_lost_the_right_decide_nothing(staff, outbox, decide):
    pending = factories.establishment(status="pending")
    factories.user("member", establishment=pending)
    assert staff.role == "staff"  # what the page saw
    demote(staff)
    with pytest.raises(NotAllowed, match="Seule l'équipe de l'association"):
        decide(staff, pending.id)
    db.session.rollback()
    kept = db.session.get(Establishment, pending.id)
    assert (kept.status, kept.charter_signed_on, len(kept.users)) == ("pending", None, 1)
    assert outbox.messages() == []


def test_an_approval_mails_the_members_once(staff, outbox):
    pending = factories.establishment(status="pending")
    member = factories.user("member", establishment=pending)
    services.change_status(staff, pending.id, "approve")
    assert outbox.last_to(member.email)["X-GTEC-Template"] == "establishment_approved"
    with pytest.raises(InvalidTransition, match="déjà « Actif »"):
        services.change_status(staff, pending.id, "approve")
    assert len(outbox.to(member.email)) == 1


def test_a_member_suspended_meanwhile_invites_nobody(member_a, outbox):
    assert member_a.establishment.is_active
    suspend(member_a.establishment)
    with pytest.raises(NotAllowed, match="membre actif"):
        services.invite(member_a, "collegue@tilleuls.fr", "127.0.0.1")
    assert outbox.to("collegue@tilleuls.fr") == []


def test_an_invitation_to_an_establishment_suspended_meanwhile_is_refused(establishment_a):
    token = tokens.make("invite", {"email": "ines@tilleuls.fr", "est": establishment_a.id})
    assert services.read_invitation(token)[1] == establishment_a  # what the page saw
    suspend(establishment_a)
    with pytest.raises(InvalidToken, match="plus valable"):
        services.accept_invitation(token, factories.PASSWORD, "Inès", "Morel")
    db.session.rollback()
    assert db.session.scalar(select(User.id).where(User.email == "ines@tilleuls.fr")) is None
