"""The /search page: every kind of document the user may see, with one engine.

Not named `search`, so that it never shadows app/search.py (the engine).
"""
from flask import Blueprint

bp = Blueprint("search_views", __name__)

from app.search_views import views  # noqa: E402,F401  (routes register on import)
