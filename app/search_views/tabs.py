"""The tabs of the /search page: the declared kinds of document (app/search/kinds.py).

Importing this module declares them all, in their tab order.
"""
import app.cv.indexing  # noqa: F401  (each feature declares its kind on import)
import app.pool.indexing  # noqa: F401
import app.training.indexing  # noqa: F401
from app import search

TABS = search.KINDS  # name → DocumentKind: label, allowed(user), visible(), facets, extract
tabs_for = search.kinds_for
facet_label = search.facet_value_label
FACET_LABELS = search.facet_labels()  # {facet name: its label} over every tab
