"""One moderation queue over every kind of item that waits for staff.

Each kind is an adapter onto its feature's own moderation service: the rules
(who may decide, from which state, what is mailed) stay in the feature; the
queue only lists, orders and dispatches. Listing costs one query per kind,
whatever the number of items.
"""
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.cv import queries as cv_queries
from app.cv import services as cv_services
from app.cv.models import REJECTION_REASONS as CV_REASONS, CandidateProfile
from app.errors import DomainError, InvalidTransition
from app.extensions import db
from app.members import services as member_services
from app.members.models import REJECTION_REASONS as ESTABLISHMENT_REASONS, Establishment
from app.pool import moderation as pool_moderation
from app.pool.models import REJECTION_REASONS as VACANCY_REASONS, Vacancy
from app.timeutil import utcnow
from app.training import sessions as training_sessions
from app.training.models import REJECTION_REASONS as TRAINING_REASONS, TrainingSession
from app.work import unit_of_work

LATE = timedelta(hours=48)
MAX_AT_ONCE = 200  # items approved by one "approve the selection"
ID = re.compile(r"[0-9]{1,18}")
LIMIT = 200  # per kind: the queue stays one readable page


class UnknownItem(DomainError):
    def default_message(self):
        return _("Cet élément n'est pas dans la file de modération.")


class AlreadyHandled(InvalidTransition):
    def default_message(self):
        return _("Un autre membre de l'équipe vient de traiter cet élément : rien n'a été "
                 "modifié.")


class MissingReason(DomainError):
    def default_message(self):
        return _("Choisissez un motif de refus.")


@dataclass(frozen=True)
class Kind:
    """How the queue reads and decides one kind of item."""

    name: str
    label: str
    model: type
    reasons: dict
    pending: Callable      # () -> select of the waiting items, oldest first, eager-loaded
    waiting_since: Callable  # item -> datetime
    title: Callable         # item -> str
    approve: Callable       # (actor, id) -> None
    reject: Callable        # (actor, id, reason, comment) -> None


def _pending_vacancies():
    return (select(Vacancy).where(Vacancy.status == "pending")
            .options(selectinload(Vacancy.author))
            .order_by(Vacancy.updated_at, Vacancy.id))


def _pending_profiles():
    return cv_queries.pending_moderation().options(selectinload(CandidateProfile.user))


def _pending_sessions():
    return (select(TrainingSession).where(TrainingSession.is_pending)
            .options(selectinload(TrainingSession.created_by))
            .order_by(TrainingSession.created_at, TrainingSession.id))


def _pending_establishments():
    return (select(Establishment).where(Establishment.is_pending)
            .options(selectinload(Establishment.users))
            .order_by(Establishment.created_at, Establishment.id))


KINDS = {kind.name: kind for kind in (
    Kind("vacancy", _l("Offre"), Vacancy, VACANCY_REASONS, _pending_vacancies,
         lambda v: v.updated_at, lambda v: v.title,
         lambda actor, id_: pool_moderation.publish(actor, id_),
         lambda actor, id_, reason, comment: pool_moderation.reject(actor, id_, reason, comment)),
    Kind("profile", _l("Profil CV"), CandidateProfile, CV_REASONS, _pending_profiles,
         lambda p: p.last_contact_at, lambda p: p.headline or p.display_name,
         lambda actor, id_: cv_services.moderate(actor, id_, "approve"),
         lambda actor, id_, reason, comment: cv_services.moderate(
             actor, id_, "reject", reason, comment)),
    Kind("training", _l("Formation"), TrainingSession, TRAINING_REASONS, _pending_sessions,
         lambda s: s.created_at, lambda s: s.title,
         lambda actor, id_: training_sessions.moderate(actor, id_, "approve"),
         lambda actor, id_, reason, comment: training_sessions.moderate(
             actor, id_, "reject", reason, comment)),
    Kind("establishment", _l("Adhésion"), Establishment, ESTABLISHMENT_REASONS,
         _pending_establishments, lambda e: e.created_at, lambda e: e.name,
         lambda actor, id_: member_services.change_status(actor, id_, "approve"),
         member_services.reject_request),
)}


@dataclass(frozen=True)
class Item:
    """One waiting item as the queue shows it."""

    kind: Kind
    obj: object
    since: object

    @property
    def key(self):
        return f"{self.kind.name}:{self.obj.id}"

    @property
    def title(self):
        return self.kind.title(self.obj)

    def waited(self, now=None):
        return (now or utcnow()) - self.since

    def is_late(self, now=None):
        return self.waited(now) > LATE

    def waited_text(self, now=None):
        """How long it waited, in French: « 3 j 4 h », « 5 h », « 12 min »."""
        minutes = max(int(self.waited(now).total_seconds() // 60), 0)
        days, hours = minutes // 1440, minutes % 1440 // 60
        if days:
            return _("%(d)d j %(h)d h", d=days, h=hours)
        return _("%(h)d h", h=hours) if hours else _("%(m)d min", m=minutes)


def waiting_items():
    """Everything that waits for staff, oldest first (one query per kind)."""
    items = []
    for kind in KINDS.values():
        for obj in db.session.scalars(kind.pending().limit(LIMIT)).unique():
            items.append(Item(kind, obj, kind.waiting_since(obj)))
    return sorted(items, key=lambda item: (item.since, item.kind.name, item.obj.id))


def find(kind_name, item_id):
    """The item `kind_name` #`item_id` if it still waits, else UnknownItem."""
    kind = KINDS.get(kind_name)
    if kind is None:
        raise UnknownItem()
    obj = db.session.scalar(kind.pending().where(kind.model.id == item_id))
    if obj is None:
        raise UnknownItem()
    return Item(kind, obj, kind.waiting_since(obj))


def _waiting_kind(kind_name, item_id):
    """The kind of an item that still waits; AlreadyHandled once it left the queue."""
    kind = _kind(kind_name)
    if db.session.scalar(kind.pending().where(kind.model.id == item_id)) is None:
        raise AlreadyHandled()
    return kind


def _decide(decision, *args):
    """Run a feature's decision in a unit of work of its own (the feature's joins it), so a
    refused one leaves nothing behind; its InvalidTransition means someone was quicker."""
    try:
        with unit_of_work():
            decision(*args)
    except InvalidTransition as error:
        raise AlreadyHandled() from error


def approve(actor, kind_name, item_id):
    """Approve one item through its feature's service."""
    _decide(_waiting_kind(kind_name, item_id).approve, actor, item_id)


def reject(actor, kind_name, item_id, reason, comment):
    """Reject one item with a coded reason of its kind and a comment for its author."""
    kind = _waiting_kind(kind_name, item_id)
    if reason not in kind.reasons:
        raise MissingReason()
    _decide(kind.reject, actor, item_id, reason, comment)


def approve_many(actor, keys):
    """Approve each `kind:id` key, each in its own unit of work; returns (done, errors)."""
    done, errors = 0, []
    for key in list(dict.fromkeys(keys))[:MAX_AT_ONCE]:
        kind_name, _sep, raw_id = key.partition(":")
        try:
            approve(actor, kind_name, int(raw_id) if ID.fullmatch(raw_id) else 0)
        except DomainError as error:
            errors.append(str(error))
        else:
            done += 1
    return done, errors


def _kind(kind_name):
    if kind_name not in KINDS:
        raise UnknownItem()
    return KINDS[kind_name]
