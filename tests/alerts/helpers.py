"""Helpers of the saved searches' tests."""
from app.alerts.models import SavedSearch
from app.extensions import db


def saved_search(user, kind="vacancy", query="", filters=None, name="Ma recherche",
                 **fields):
    """A saved search of `user`, straight into the database."""
    item = SavedSearch(user_id=user.id, name=name, kind=kind, query=query,
                       filters=filters or {}, **fields)
    db.session.add(item)
    db.session.commit()
    return item
