"""Every page form shows the errors summary when what was posted has errors.

Each GET route of the permission matrix is opened as the first role it answers
200 to; each form on the page that posts back to the page itself is posted
empty. Where the answer shows a field's error, the summary must stand above it;
no empty post may answer 500.
"""
import re

import pytest

from tests.test_permission_matrix import ALL, MODULES, people  # noqa: F401 (fixture)
from tests.matrix import ROLES

SUMMARY = "Le formulaire contient des erreurs"
SELF_POSTING = re.compile(r'<form method="post"(?![^>]*\baction=)[^>]*>(.*?)</form>', re.S)
FILLABLE = re.compile(r'<(?:textarea|select)\b|<input\b(?![^>]*type="(?:hidden|submit)")')
PAGES = sorted(name for name, (method, _path, expected) in ALL.items()
               if method == "GET" and 200 in expected.values())


def _values(name, people):
    values = {}
    for module in MODULES:
        if hasattr(module, "objects") and (name in module.ROUTES
                                           or name in getattr(module, "CASES", {})):
            values.update(module.objects(people))
    return values


@pytest.mark.parametrize("name", PAGES)
def test_a_form_posted_with_errors_shows_the_summary(app, client, auth, people, name):
    _method, path, expected = ALL[name]
    role = next(role for role in ROLES if expected[role] == 200)
    if people[role] is not None:
        auth.login(people[role])
    url = path.format(**_values(name, people))
    page = client.get(url)
    if page.mimetype != "text/html":
        pytest.skip("not a page")
    forms = [body for body in SELF_POSTING.findall(page.text) if FILLABLE.search(body)]
    if not forms:
        pytest.skip("no form posting back to this page")
    answer = client.post(url, data={})
    assert answer.status_code < 500
    if answer.status_code not in (200, 400) or 'class="error"' not in answer.text:
        pytest.skip("an empty post is valid here or goes elsewhere")
    assert SUMMARY in answer.text
    assert answer.text.index(SUMMARY) < answer.text.index('class="error"')
