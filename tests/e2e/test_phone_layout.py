"""Every page fits a phone's screen (390 × 844): no page is wider than the viewport,
tables stack their cells under their headers, list filters fold behind one
"Filtrer" button, numeric fields bring up the numeric keypad.

The pages are those of the permission matrix that answer 200, seen as each role
in one browser context per role, on the objects the matrix tests create.
"""
import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.helpers import log_in
from tests.test_permission_matrix import ALL, MODULES, endpoint_of, people  # noqa: F401 (fixture)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
ROLES = ("anonymous", "candidate", "member_a", "staff")

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


def new_tab(browser, live_server, viewport=PHONE):
    context = browser.new_context(base_url=live_server, locale="fr-FR", viewport=viewport)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    return context, tab


@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_a_phone(browser, live_server, people, role):
    pages = matrix_pages(people, role)
    assert len(pages) > 10
    context, tab = new_tab(browser, live_server)
    try:
        if people[role] is not None:
            log_in(tab, people[role].email)
            expect(tab.get_by_role("button", name="Se déconnecter")).to_be_visible()
        too_wide = []
        for name, path in pages:
            answer = context.request.get(path, max_redirects=0)
            if not answer.headers.get("content-type", "").startswith("text/html"):
                continue  # a download (CSV, calendar, PDF, feed): no layout
            tab.goto(path)
            widest = tab.evaluate(WIDEST)
            if widest:
                too_wide.append(f"{path} ({endpoint_of(name)}): {widest}")
    finally:
        context.close()
    assert too_wide == [], f"pages wider than 390 px as {role}:\n" + "\n".join(too_wide)
