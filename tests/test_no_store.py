"""Pages holding personal data answer `Cache-Control: no-store`; public pages do not.

The paths, objects and roles come from the permission matrix: each page is
requested as a role the matrix lets in (or, for a form, as one it answers).
"""
import pytest

from tests.matrix import LOGIN, ROLES
from tests.test_permission_matrix import MODULES, ROUTES, people  # noqa: F401  (fixture)

# The CV bank, applications, the candidate's space and the back office, whole
# blueprints; and, elsewhere, the pages naming people.
PERSONAL = sorted({*(endpoint for endpoint in ROUTES if endpoint.startswith(("cv.", "staff."))),
                   "members.team", "notifications.sent", "training.my_bookings",
                   "training.cancel", "training.session_bookings", "training.bookings_csv",
                   "training.attendance_sheet", "training.attendance_record",
                   "replacements.my_missions", "replacements.my_missions_csv",
                   "replacements.feed_ics"})
PUBLIC = ["main.index", "pool.index", "pool.detail", "members.index", "training.index",
          "training.calendar_ics", "api.vacancies", "search_views.index"]


def _request(client, auth, people, endpoint):  # noqa: F811
    """Request `endpoint` as the first role the matrix lets in; returns the response."""
    method, path, expected = ROUTES[endpoint]
    role = next((role for role in ROLES if expected[role] not in (LOGIN, 403, 404)),
                next(role for role in ROLES if expected[role] != LOGIN))
    values = {}
    for module in MODULES:
        if hasattr(module, "objects") and endpoint in module.ROUTES:
            values.update(module.objects(people))
    if people[role] is not None:
        auth.login(people[role])
    response = client.open(path.format(**values), method=method)
    assert response.status_code == expected[role]
    return response


@pytest.mark.parametrize("endpoint", PERSONAL)
def test_personal_pages_are_not_stored(client, auth, people, endpoint):  # noqa: F811
    assert _request(client, auth, people, endpoint).headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("endpoint", PUBLIC)
def test_public_pages_may_be_stored(client, auth, people, endpoint):  # noqa: F811
    assert "no-store" not in _request(client, auth, people, endpoint).headers.get(
        "Cache-Control", "")
