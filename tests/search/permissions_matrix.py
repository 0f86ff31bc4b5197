"""The search routes in the permission matrix: /search answers everyone.

What each role finds there is tested in tests/search/contract/test_pages.py.
"""
from tests.matrix import everyone

ROUTES = {
    "search_views.index": ("GET", "/search?q=infirmier", everyone(200)),
}
