"""Every route of the URL map, requested as every role, answers as expected."""
import importlib
import re
from pathlib import Path

import pytest

from tests import factories
from tests.matrix import LOGIN, ROLES

MODULES = [importlib.import_module(f"tests.{path.parent.name}.permissions_matrix")
           for path in sorted(Path(__file__).parent.glob("*/permissions_matrix.py"))]
ROUTES = {endpoint: spec for module in MODULES for endpoint, spec in module.ROUTES.items()}
CASES = {name: spec for module in MODULES for name, spec in getattr(module, "CASES", {}).items()}
ALL = {**ROUTES, **CASES}


def endpoint_of(name):
    """The endpoint a ROUTES key or a CASES name ("endpoint: about what") is for."""
    return name.split(":")[0]


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(ROUTES) == set(), "routes missing from a permissions_matrix.py"
    assert set(ROUTES) - endpoints == set(), "matrix entries for routes that do not exist"


@pytest.mark.parametrize("name", sorted(ALL))
def test_each_path_leads_to_its_endpoint(app, name):
    method, path, _expected = ALL[name]
    adapter = app.url_map.bind("localhost")
    endpoint, _values = adapter.match(re.sub(r"\{\w+\}", "1", path.split("?")[0]),
                                      method=method)
    assert endpoint == endpoint_of(name)


@pytest.fixture
def people(establishment_a, establishment_b, candidate, member_a, member_b, staff):
    pending = factories.establishment(name="EHPAD Saint-Joseph", status="pending")
    return {"establishment_a": establishment_a, "establishment_b": establishment_b,
            "establishment_pending": pending, "candidate": candidate,
            "member_a": member_a, "member_b": member_b,
            "member_pending": factories.user("member", establishment=pending),
            "staff": staff, "anonymous": None}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ALL))
def test_route_answers_role(app, client, auth, people, name, role):
    method, path, expected = ALL[name]
    values = {}
    for module in MODULES:
        if hasattr(module, "objects") and (name in module.ROUTES
                                           or name in getattr(module, "CASES", {})):
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
