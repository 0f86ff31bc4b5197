"""Every route of the URL map, requested as every role, answers as expected."""
import importlib
from pathlib import Path

import pytest

from tests.matrix import LOGIN, ROLES

MODULES = [importlib.import_module(f"tests.{path.parent.name}.permissions_matrix")
           for path in sorted(Path(__file__).parent.glob("*/permissions_matrix.py"))]
ROUTES = {endpoint: spec for module in MODULES for endpoint, spec in module.ROUTES.items()}


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(ROUTES) == set(), "routes missing from a permissions_matrix.py"
    assert set(ROUTES) - endpoints == set(), "matrix entries for routes that do not exist"


@pytest.fixture
def people(establishment_a, establishment_b, candidate, member_a, member_b, staff):
    return {"establishment_a": establishment_a, "establishment_b": establishment_b,
            "candidate": candidate, "member_a": member_a, "member_b": member_b,
            "staff": staff, "anonymous": None}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_route_answers_role(app, client, auth, people, endpoint, role):
    method, path, expected = ROUTES[endpoint]
    values = {}
    for module in MODULES:
        if hasattr(module, "objects") and endpoint in module.ROUTES:
            values.update(module.objects(people))
    if people[role] is not None:
        assert auth.login(people[role]).status_code == 302
    response = client.open(path.format(**values), method=method)
    wanted = expected[role]
    if wanted == LOGIN:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/auth/login?next=")
    else:
        assert response.status_code == wanted, response.text[:500]
