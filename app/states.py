"""Lifecycles: every object that moves through states declares them here once.

A `Lifecycle` names the states (with their French labels), groups of states
(open, closed, public…) and transitions (from which states, to which one,
allowed when a predicate says so, refused with a French message). Everything
else is derived from that one declaration:

- the model's CHECK constraint (`lifecycle.check()`),
- a group as a property of an instance and as a filter in a query
  (`Vacancy.is_open = VACANCY.member_of("open")`, then `vacancy.is_open` in
  Python and `select(Vacancy).where(Vacancy.is_open)` in SQL),
- whether an action may be offered (`lifecycle.can(obj, "withdraw", actor)`)
  and doing it (`lifecycle.apply(obj, "withdraw", actor)`), which raises
  InvalidTransition with the transition's own message when refused.

A predicate takes (obj, actor) and answers True or False; it runs inside the
unit of work, under the lock, so what it reads is current (app/work.py).
"""
from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy import CheckConstraint
from sqlalchemy.ext.hybrid import hybrid_property

from app.errors import InvalidTransition


@dataclass(frozen=True)
class Transition:
    """From any of `sources` to `target`, when `when(obj, actor)` allows it.

    `refusal`: the French message when the state is right but `when` says no;
    `changes(obj, actor, **details)`: what else the move writes (a reason, a
    date), after the state has changed.
    """

    sources: frozenset
    target: str
    when: Callable | None = None
    refusal: object = None
    changes: Callable | None = None


def move(sources, target, when=None, refusal=None, changes=None):
    """Declare one transition (`sources`: a state or an iterable of states)."""
    sources = frozenset([sources] if isinstance(sources, str) else sources)
    return Transition(sources, target, when, refusal, changes)


@dataclass
class Lifecycle:
    """The states an object moves through, stored in its `column` attribute.

    `wrong_state`: the French message when an action starts from a state it
    cannot start from; it may name the current state as %(status)s.
    """

    name: str
    states: dict
    transitions: dict
    groups: dict = field(default_factory=dict)
    column: str = "status"
    wrong_state: object = None

    def __post_init__(self):
        self.groups = {name: frozenset(members) for name, members in self.groups.items()}
        for name, members in self.groups.items():
            self._known(members, f"group {name!r}")
        for name, transition in self.transitions.items():
            self._known(transition.sources | {transition.target}, f"transition {name!r}")

    def _known(self, states, where):
        unknown = set(states) - set(self.states)
        if unknown:
            raise ValueError(f"{self.name}: {where} names unknown states {sorted(unknown)}")

    # What the model and the database derive from the declaration.

    def check(self, name=None):
        """The CHECK constraint that keeps the column within the states."""
        listed = ", ".join(f"'{state}'" for state in self.states)
        return CheckConstraint(f"{self.column} IN ({listed})", name=name or self.column)

    def group(self, name):
        """The states of a named group, as a frozenset."""
        return self.groups[name]

    def member_of(self, group):
        """A model attribute: True for an instance in `group`, an IN filter on the class."""
        states, column = self.groups[group], self.column

        def instance(obj):
            return getattr(obj, column) in states

        def expression(cls):
            return getattr(cls, column).in_(sorted(states))

        return hybrid_property(instance, expr=expression)

    def label(self, state):
        """The French label of a state."""
        return self.states[state]

    # Moving an object.

    def can(self, obj, action, actor=None):
        """Whether `action` may be done on `obj` now (by `actor`)."""
        transition = self.transitions[action]
        if getattr(obj, self.column) not in transition.sources:
            return False
        return transition.when is None or bool(transition.when(obj, actor))

    def actions(self, obj, actor=None):
        """The names of the actions that may be done on `obj` now, in declared order."""
        return [action for action in self.transitions if self.can(obj, action, actor)]

    def apply(self, obj, action, actor=None, **details):
        """Move `obj` through `action`, or raise InvalidTransition with the French reason."""
        transition = self.transitions[action]
        state = getattr(obj, self.column)
        if state not in transition.sources:
            raise InvalidTransition(self._wrong_state(state))
        if transition.when is not None and not transition.when(obj, actor):
            raise InvalidTransition(str(transition.refusal) if transition.refusal else None)
        setattr(obj, self.column, transition.target)
        if transition.changes is not None:
            transition.changes(obj, actor, **details)
        return obj

    def _wrong_state(self, state):
        if self.wrong_state is None:
            return None
        return str(self.wrong_state) % {"status": self.states[state]}
