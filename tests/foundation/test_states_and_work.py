"""The two shared helpers every feature builds on: lifecycles and the unit of work."""
import pytest
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.errors import InvalidTransition
from app.extensions import db
from app.members.models import Establishment
from app.replacements.models import ReplacementProfile
from app.states import Lifecycle, move
from app.timeutil import utcnow
from app.work import after_commit, in_unit_of_work, unit_of_work
from tests import factories

DOOR = Lifecycle(
    "door",
    states={"open": _l("Ouverte"), "shut": _l("Fermée"), "locked": _l("Verrouillée")},
    groups={"passable": {"open"}, "closed": {"shut", "locked"}},
    transitions={
        "shut": move("open", "shut"),
        "lock": move("shut", "locked", when=lambda door, actor: actor == "keeper",
                     refusal=_l("Seul le gardien a la clé.")),
        "open": move(["shut"], "open", changes=lambda door, actor, note=None:
                     setattr(door, "note", note)),
    },
    wrong_state=_l("La porte est « %(status)s »."),
)


class Door:
    def __init__(self, status):
        self.status, self.note = status, None

    is_passable = DOOR.member_of("passable")


def test_allowed_transitions_move_and_write_their_changes():
    door = Door("shut")
    assert DOOR.actions(door, "keeper") == ["lock", "open"]
    DOOR.apply(door, "open", note="aération")
    assert (door.status, door.note, door.is_passable) == ("open", "aération", True)


def test_a_wrong_state_is_refused_with_the_state_named(app):
    door = Door("open")
    assert not DOOR.can(door, "lock", "keeper")
    with pytest.raises(InvalidTransition, match="La porte est « Ouverte »"):
        DOOR.apply(door, "lock", "keeper")
    assert door.status == "open"


def test_a_predicate_refuses_with_its_own_message(app):
    door = Door("shut")
    assert DOOR.can(door, "lock", "keeper") and not DOOR.can(door, "lock", "visitor")
    with pytest.raises(InvalidTransition, match="Seul le gardien"):
        DOOR.apply(door, "lock", "visitor")
    assert door.status == "shut"


MEMBERSHIP = Lifecycle("membership", states={"pending": "", "active": "", "suspended": ""},
                       groups={"waiting": {"pending", "suspended"}}, transitions={})


def test_the_check_constraint_and_the_query_filter_come_from_the_declaration(app):
    assert str(DOOR.check().sqltext) == "status IN ('open', 'shut', 'locked')"
    waiting = MEMBERSHIP.member_of("waiting").__get__(None, Establishment)  # as on a model
    for status in MEMBERSHIP.states:
        factories.establishment(name=status, status=status)
    names = db.session.scalars(select(Establishment.name).where(waiting)).all()
    assert sorted(names) == ["pending", "suspended"]


def test_an_unknown_state_in_a_declaration_is_refused():
    with pytest.raises(ValueError, match="unknown states"):
        Lifecycle("bad", states={"a": "A"}, transitions={"go": move("a", "b")})


def test_a_unit_of_work_commits_then_runs_its_hooks(app):
    establishment = factories.establishment(name="Avant")
    seen = []
    with unit_of_work() as work:
        locked = work.lock(Establishment, establishment.id)
        locked.name = "Après"
        work.after_commit(lambda: seen.append(
            db.session.scalar(select(Establishment.name).where(Establishment.id == locked.id))))
        assert seen == [] and in_unit_of_work()
    assert seen == ["Après"] and not in_unit_of_work()


def test_a_failing_unit_of_work_rolls_back_and_runs_no_hook(app):
    establishment = factories.establishment(name="Avant")
    seen = []
    with pytest.raises(RuntimeError), unit_of_work() as work:
        work.lock(Establishment, establishment.id).name = "Perdu"
        work.after_commit(seen.append, "sent")
        raise RuntimeError("refused")
    db.session.expire_all()
    assert db.session.get(Establishment, establishment.id).name == "Avant"
    assert seen == []


def test_an_inner_unit_of_work_joins_the_outer_one(app):
    establishment = factories.establishment(name="Avant")
    seen = []
    with pytest.raises(RuntimeError), unit_of_work() as work:
        with unit_of_work() as inner:
            inner.lock(Establishment, establishment.id).name = "Intérieur"
            inner.after_commit(seen.append, "inner")
        raise RuntimeError("the outer one fails after the inner one ended")
    db.session.expire_all()
    assert db.session.get(Establishment, establishment.id).name == "Avant" and seen == []


def test_a_locked_row_of_another_owner_reads_as_gone(app):
    establishment = factories.establishment(name="Avant")
    with unit_of_work() as work:
        assert work.lock(Establishment, establishment.id, name="Autre") is None
        assert work.lock(Establishment, establishment.id + 1000) is None


def test_a_row_with_a_relation_loaded_by_a_join_can_be_locked(app):
    """ReplacementProfile.user is lazy="joined" (a LEFT OUTER JOIN): PostgreSQL refuses
    FOR UPDATE on it unless only the selected table is locked."""
    profile = ReplacementProfile(user=factories.user(), home_insee="14762",
                                 home_commune="Vire Normandie", latitude=48.84,
                                 longitude=-0.89, consent_at=utcnow(), consent_version="test")
    db.session.add(profile)
    db.session.commit()
    query = select(ReplacementProfile).where(ReplacementProfile.id == profile.id)
    with unit_of_work() as work:
        assert work.lock_one(query).user.id == profile.user_id
        assert work.lock_all(query)


def test_a_failing_hook_never_undoes_the_commit(app):
    establishment = factories.establishment(name="Avant")
    after = []
    with unit_of_work() as work:
        work.lock(Establishment, establishment.id).name = "Après"
        work.after_commit(lambda: 1 / 0)
        work.after_commit(after.append, "next")
    db.session.expire_all()
    assert db.session.get(Establishment, establishment.id).name == "Après"
    assert after == ["next"]


def test_a_hook_outside_any_unit_of_work_runs_at_once(app):
    seen = []
    after_commit(seen.append, 1)
    assert seen == [1]
