"""Saved searches in the permission matrix: every logged-in user has their own.

`saved` is a search saved by member A: anyone else gets 404 for it.
"""
from tests.matrix import logged_in

ROUTES = {
    "alerts.index": ("GET", "/search/saved", logged_in(200)),
    # An empty post: the form refuses it and goes back to /search with a message.
    "alerts.save": ("POST", "/search/saved/new", logged_in(302)),
    "alerts.delete": ("GET", "/search/saved/{saved}/delete", logged_in(404, member_a=200)),
}


def objects(people):
    from app.alerts.models import SavedSearch
    from app.extensions import db
    saved = SavedSearch(user_id=people["member_a"].id, name="Infirmiers de nuit",
                        kind="vacancy", query="infirmier nuit", filters={})
    db.session.add(saved)
    db.session.commit()
    return {"saved": saved.id}
