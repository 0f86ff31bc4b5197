"""Hostile input at every route: no 500, nothing reflected unescaped.

Each route of the URL map (from the permission matrix, with its objects) is
requested as a role that gets past the access check. Its page's forms give
the fields and the values a browser would send; hypothesis then replaces a
few of them (or adds query parameters) with unicode, NUL bytes, 100 kB
strings, HTML and SQL fragments.
"""
import re
from urllib.parse import parse_qsl

import pytest
from werkzeug.routing import IntegerConverter
from hypothesis import HealthCheck, given, settings, strategies as st
from flask_wtf import FlaskForm
from wtforms.fields.core import UnboundField

from tests.holds import pageforms
from tests.test_permission_matrix import MODULES, ROUTES, people  # noqa: F401  (fixture)

EXAMPLES = 10  # per route and method: the whole walk stays near two minutes
TAGS = ("<script>hostile()</script>", "\"><img src=x onerror=hostile()>",
        "'><svg onload=hostile()>")
FRAGMENTS = (*TAGS, "' OR '1'='1", "1; DROP TABLE users; --", "\" OR 1=1 --", "%' --",
             "\x00", "a\x00b", "%00", "../../../etc/passwd", "{{ 7 * 7 }}", "{% raw %}",
             "-1", "0", "99999999999999999999999", "1e309", "NaN", "2024-02-30", "\u202e\u200b",
             "𝕳é💥", "\r\n\r\nX-Injected: 1", "javascript:alert(1)", "//evil.example/")
LONG = ("x" * 100_000, "é<script>hostile()</script>" * 4000, "\x00" * 100_000)
QUERY_NAMES = ("q", "page", "per_page", "next", "status", "attendee", "occupation", "commune",
               "contract_type", "theme",
               # names url_for would take for its own arguments if echoed into links
               "endpoint", "_method", "_external", "_anchor", "_scheme")

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
hostile = st.one_of(
    st.sampled_from(FRAGMENTS), st.sampled_from(LONG), text,
    st.tuples(text, st.sampled_from(FRAGMENTS), text).map("".join))


def _form_field_names():
    """Every field name of every WTForms form of the application."""
    names, forms = set(), list(FlaskForm.__subclasses__())
    while forms:
        form = forms.pop()
        forms.extend(form.__subclasses__())
        names.update(name for name in dir(form)
                     if isinstance(getattr(form, name, None), UnboundField))
    return names


def _role(expected):
    """A role the route serves (or at least answers), anonymous first."""
    for wanted in ((200, 400), (200, 302, 400)):
        for role in ("anonymous", "member_a", "candidate", "staff"):
            if expected[role] in wanted:
                return role
    return "anonymous"


def _cases():
    from app import create_app
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://"})
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static":
            for method in sorted(rule.methods & {"GET", "POST"}):
                yield pytest.param(rule.endpoint, method, sorted(rule.methods),
                                   id=f"{method} {rule.endpoint}")


def _assert_escaped(response, sent):
    if response.mimetype != "text/html":
        return
    body = response.get_data(as_text=True)
    for tag in TAGS:
        if any(tag in value for value in sent.values()):
            assert tag not in body, f"{tag!r} reflected unescaped"


def _prepare(client, auth, people, endpoint, methods):
    """Log in, fill the path, read the page's form fields: (url, defaults)."""
    _method, template, expected = ROUTES[endpoint]
    values = {}
    for module in MODULES:
        if hasattr(module, "objects") and endpoint in module.ROUTES:
            values.update(module.objects(people))
    role = _role(expected)
    if people[role] is not None:
        auth.login(people[role])
    url = template.format(**values)
    defaults = {}
    if "GET" in methods:
        page = client.get(url)
        if page.mimetype == "text/html":
            defaults = pageforms.fields(page.get_data(as_text=True))
    defaults.pop("csrf_token", None)
    return url, defaults


@pytest.mark.parametrize(("endpoint", "method", "methods"), list(_cases()))
def test_hostile_input_never_fails_nor_comes_back_raw(app, client, auth, people, endpoint,
                                                     method, methods):
    url, defaults = _prepare(client, auth, people, endpoint, methods)
    extra = QUERY_NAMES if method == "GET" else FORM_NAMES
    names = sorted(set(defaults) | set(extra))
    path, _, query_string = url.partition("?")
    query = dict(parse_qsl(query_string))

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.dictionaries(st.sampled_from(names), hostile, min_size=1, max_size=4))
    def request_with(sent):
        if method == "GET":
            response = client.get(path, query_string={**query, **sent})
        else:
            body = {name: value for name, value in defaults.items() if value is not None}
            response = client.post(url, data={**body, **sent})
        assert response.status_code < 500, response.get_data(as_text=True)[:300]
        _assert_escaped(response, sent)

    request_with()


FORM_NAMES = sorted(_form_field_names() - {"csrf_token"})


def _routes_with_only_ids():
    from app import create_app
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://"})
    for rule in app.url_map.iter_rules():
        converters = rule._converters.values()
        if converters and all(isinstance(c, IntegerConverter) for c in converters) \
                and "GET" in rule.methods:
            yield pytest.param(rule.rule, id=rule.endpoint)


@pytest.mark.parametrize("rule", list(_routes_with_only_ids()))
def test_an_id_beyond_a_database_integer_is_not_found(client, auth, people, rule):
    auth.login(people["staff"])
    assert client.get(re.sub(r"<int:\w+>", "99999999999999999999", rule)).status_code == 404


@pytest.mark.parametrize("path", ["/pool/", "/pool/print", "/cv/", "/search",
                                  "/staff/users", "/staff/audit", "/training/"])
@pytest.mark.parametrize("name", ["endpoint", "_external", "_method", "_anchor"])
def test_query_keys_that_url_for_uses_itself_are_not_echoed(client, auth, people, path, name):
    auth.login(people["staff"])
    response = client.get(path, query_string={name: "x", "q": "soins"})
    assert response.status_code == 200
