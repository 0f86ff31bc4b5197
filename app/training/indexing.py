"""What the search engine knows of a training session: published ones only."""
from sqlalchemy import select

from app import indexing
from app.members.models import Establishment
from app.training.models import TrainingSession


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
            "month": indexing.month_of(session.starts_at), "date": session.starts_at}


def searchable():
    return (select(TrainingSession).where(TrainingSession.is_published)
            .order_by(TrainingSession.id))


def _of_organiser(establishment):
    return indexing.related_ids(establishment, select(TrainingSession.id).where(
        TrainingSession.organiser_id == establishment.id))


indexing.register(indexing.Kind("training", TrainingSession, to_document, searchable,
                                watch={Establishment: _of_organiser}))
