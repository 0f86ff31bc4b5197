"""Every page of the permission matrix, as each role, fits a phone's screen
(390 × 844: nothing wider than the viewport) and holds what the Nu Html Checker
asks of ids and labels (no id twice, every label's `for` names a field).

One browser, one context per role, on the objects the matrix tests create: the
pages are those of the matrix that answer 200 to the role.
"""
from collections import Counter
from html.parser import HTMLParser

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import log_in, new_tab
from tests.test_permission_matrix import MODULES, endpoint_of, people  # noqa: F401 (fixture)

ROLES = ("anonymous", "candidate", "member_a", "staff")
LABELABLE = {"button", "input", "meter", "output", "progress", "select", "textarea"}

# Why a page is wider than the screen: the element reaching furthest right, the
# deepest one when several end at the same place.
WIDEST = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= window.innerWidth) return null;
  let widest = null, right = 0;
  const visit = (el) => {
    const box = el.getBoundingClientRect();
    if (box.width && box.right >= right) { right = box.right; widest = el; }
    // What a scrolling box holds scrolls inside it: it does not widen the page.
    if (getComputedStyle(el).overflowX !== "visible") return;
    for (const child of el.children) visit(child);
  };
  for (const child of document.body.children) visit(child);
  const name = widest.tagName.toLowerCase() + (widest.id ? "#" + widest.id : "")
    + [...widest.classList].map(c => "." + c).join("");
  return {width: root.scrollWidth, element: name, right: Math.round(right),
          text: (widest.textContent || "").trim().slice(0, 60)};
}"""


class _IdsAndLabels(HTMLParser):
    """The ids of a page, its fields' ids and its labels' `for`."""

    def __init__(self):
        super().__init__()
        self.ids, self.fields, self.targets = Counter(), set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids[attrs["id"]] += 1
            if tag in LABELABLE and attrs.get("type") != "hidden":
                self.fields.add(attrs["id"])
        if tag == "label" and "for" in attrs:
            self.targets.append(attrs["for"])


def id_problems(html):
    """What the Nu Html Checker would say of the page's ids and labels."""
    page = _IdsAndLabels()
    page.feed(html)
    twice = sorted(name for name, count in page.ids.items() if count > 1)
    astray = sorted({target for target in page.targets if target not in page.fields})
    return ([f"id {name!r} twice" for name in twice]
            + [f"label for={target!r} names no field" for target in astray])


def matrix_pages(people, role):
    """(name, path) of every GET page of the matrix that answers 200 to `role`."""
    values = {module: module.objects(people) if hasattr(module, "objects") else {}
              for module in MODULES}
    pages = {}
    for module in MODULES:
        specs = {**module.ROUTES, **getattr(module, "CASES", {})}
        for name, (method, path, expected) in specs.items():
            if method == "GET" and expected[role] == 200:
                pages.setdefault(path.format(**values[module]), name)
    return sorted((name, path) for path, name in pages.items())


@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_a_phone_with_sound_ids_and_labels(browser, live_server, people, role):
    pages = matrix_pages(people, role)
    assert len(pages) > 10
    context, tab = new_tab(browser, live_server)
    too_wide, unsound = [], []
    try:
        if people[role] is not None:
            log_in(tab, people[role].email)
            expect(tab.locator("form[action=\"/auth/logout\"]")).to_be_attached()  # in the folded menu
        for name, path in pages:
            answer = context.request.get(path, max_redirects=0)
            assert answer.status == 200, f"{path} as {role}: {answer.status}"
            if not answer.headers.get("content-type", "").startswith("text/html"):
                continue  # a download (CSV, calendar, PDF, feed): no layout
            where = f"{path} ({endpoint_of(name)})"
            unsound += [f"{where}: {problem}" for problem in id_problems(answer.text())]
            tab.goto(path)
            widest = tab.evaluate(WIDEST)
            if widest:
                too_wide.append(f"{where}: {widest}")
    finally:
        context.close()
    assert too_wide == [], f"pages wider than 390 px as {role}:\n" + "\n".join(too_wide)
    assert unsound == [], f"ids and labels as {role}:\n" + "\n".join(unsound)
