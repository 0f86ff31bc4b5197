"""The audit log as staff read it: one French sentence an event, naming and linking
the actor and the object (app/audit/wording.py holds the words).

The objects of a page are read in one query per kind; an object erased since
is named by its number only (ids are never reused: migration 0018).
"""
from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import select

from app.audit.wording import DETAIL_LABELS, sentence
from app.auth.models import ROLES, User
from app.cv.lifecycle import DECLINE_REASONS
from app.cv.models import REJECTION_REASONS as CV_REASONS, Application, CandidateProfile
from app.extensions import db
from app.members.models import REJECTION_REASONS as ESTABLISHMENT_REASONS, Establishment
from app.pool.models import REJECTION_REASONS as VACANCY_REASONS, Vacancy
from app.training.models import REJECTION_REASONS as TRAINING_REASONS, SeatBooking, TrainingSession

MODELS = {model.__name__: model for model in (
    User, Establishment, Vacancy, CandidateProfile, Application, TrainingSession, SeatBooking)}
REASONS = {"Vacancy": VACANCY_REASONS, "CandidateProfile": CV_REASONS,
           "TrainingSession": TRAINING_REASONS, "Establishment": ESTABLISHMENT_REASONS,
           "Application": DECLINE_REASONS}


@dataclass
class Line:
    """One event as the log shows it."""

    event: object
    text: Markup
    details: list


def _link(name, endpoint, **values):
    return Markup('<a href="{}">{}</a>').format(url_for(endpoint, **values), name)


def _quoted(title):
    return "« " + title + " »"


def _user(user):
    return _link(user.full_name, "staff.user", user_id=user.id)


def _profile(profile):
    if profile.user is not None:
        return _user(profile.user)
    return escape(profile.display_name)


def _sentence(template, **parts):
    """A translated sentence (our own catalogue: trusted) around parts that Markup's %
    escapes, unless they are links made by _link."""
    return Markup(template) % parts  # nosec B704


def _phrase(obj):
    """How an object is named in a sentence, linked where staff can open it."""
    match obj:
        case User():
            return _user(obj)
        case Establishment():
            return _link(obj.name, "staff.establishment", establishment_id=obj.id)
        case CandidateProfile():
            return _profile(obj)
        case Vacancy():
            return _sentence(_("l'offre %(title)s"),
                             title=_link(_quoted(obj.title), "pool.detail", vacancy_id=obj.id))
        case Application():
            candidate = _user(obj.candidate) if obj.candidate else _("compte supprimé")
            return _sentence(_("la candidature de %(name)s à %(title)s"), name=candidate,
                             title=_link(_quoted(obj.vacancy.title), "pool.detail",
                                         vacancy_id=obj.vacancy_id))
        case TrainingSession():
            return _sentence(_("la session %(title)s"),
                             title=_link(_quoted(obj.title), "training.detail",
                                         session_id=obj.id))
        case SeatBooking():
            return _sentence(_("l'inscription de %(name)s à %(title)s"),
                             name=obj.establishment.name,
                             title=_link(_quoted(obj.session.title), "training.detail",
                                         session_id=obj.session_id))
    return escape(obj)


def _objects(events):
    """{(type, id): object} of the objects still there, one query per kind."""
    wanted = {}
    for event in events:
        if event.object_type in MODELS and event.object_id is not None:
            wanted.setdefault(event.object_type, set()).add(event.object_id)
    found = {}
    for name, ids in wanted.items():
        model = MODELS[name]
        for obj in db.session.scalars(select(model).where(model.id.in_(ids))):
            found[name, obj.id] = obj
    return found


def _actor(event, establishments):
    if event.actor is None:
        return escape(_("Un compte supprimé"))
    establishment = establishments.get(event.establishment_id)
    if establishment is None:
        return _user(event.actor)
    return Markup("{} ({})").format(_user(event.actor), establishment.name)


def _gone(event):
    """An erased object: its number, and its name when the event kept it."""
    name = (event.details or {}).get("name")
    if name:
        return escape(name)
    return escape(_("n° %(id)s (supprimé)", id=event.object_id))


def _value(event, key, value):
    if key == "reason":
        return REASONS.get(event.object_type, {}).get(value, value)
    if key in ("before", "after"):
        return ROLES.get(value, value)
    if value is True or value is False:
        return _("oui") if value else _("non")
    return value


def _details(event):
    """[(French label, value)] of the details worth showing; nothing empty."""
    return [(label, _value(event, key, (event.details or {})[key]))
            for key, label in DETAIL_LABELS.items()
            if (event.details or {}).get(key) not in (None, "")]


def lines(events):
    """The events of a page as Lines, in their order."""
    events = list(events)
    objects = _objects(events)
    establishment_ids = {event.establishment_id for event in events if event.establishment_id}
    establishments = {e.id: e for e in db.session.scalars(
        select(Establishment).where(Establishment.id.in_(establishment_ids)))}
    result = []
    for event in events:
        obj = objects.get((event.object_type, event.object_id))
        if obj is not None:
            phrase = _phrase(obj)
        elif event.object_id is not None:
            phrase = _gone(event)
        else:
            phrase = ""
        text = escape(str(sentence(event.action))) % {
            "actor": _actor(event, establishments), "object": phrase, "action": event.action}
        result.append(Line(event, text, _details(event)))
    return result
