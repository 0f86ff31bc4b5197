"""What the search engine knows of a training session: published ones only."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app import indexing, permissions, search
from app.members.models import KINDS as ESTABLISHMENT_KINDS, Establishment
from app.training.models import TrainingSession
from app.training.queries import published

# The same field as a vacancy's (app/pool/indexing.py): declared alike, or declare() refuses.
ORGANISER_KIND = search.Facet("est_kind", _l("Type d'établissement"), many=True,
                              values=ESTABLISHMENT_KINDS)


def to_document(session):
    """The session as the index holds it, or None when it is not published."""
    if not session.is_published:
        return None
    organiser = session.organiser
    words = [str(session.theme_label), session.provider, session.description, session.place,
             session.commune, str(session.organiser_name),
             str(organiser.kind_label) if organiser else ""]
    return {"title": session.title, "body": "\n".join(words),
            "commune": session.commune, "est_kind": organiser.kind if organiser else "",
            "month": search.month_of(session.starts_at), "date": session.starts_at}


def searchable():
    return (select(TrainingSession).where(TrainingSession.is_published)
            .order_by(TrainingSession.id))


def _of_organiser(establishment):
    return indexing.related_ids(establishment, select(TrainingSession.id).where(
        TrainingSession.organiser_id == establishment.id))


search.declare(search.DocumentKind(
    "training", _l("Formations"), TrainingSession, to_document, searchable,
    allowed=permissions.can_view_training, visible=published,
    extract=lambda session: session.description,
    facet_fields=(search.COMMUNE, ORGANISER_KIND, search.MONTH),
    watch={Establishment: _of_organiser}, position=3))
