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
from tests.training.permissions_matrix import objects as training_objects
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


def test_list_filters_fold_on_a_phone_and_open_on_a_desktop(browser, live_server,
                                                            establishment_a):
    for _ in range(3):
        factories.vacancy(establishment_a, status="published")
    context, phone = new_tab(browser, live_server)
    try:
        phone.goto("/pool/")
        expect(phone.locator("details.filters-fold")).not_to_have_attribute("open", "")
        expect(phone.get_by_label("Métier")).to_be_hidden()
        first_offer = phone.locator(".card").first.bounding_box()
        assert first_offer["y"] + first_offer["height"] <= PHONE["height"]
        phone.locator("summary", has_text="Filtrer").click()
        phone.get_by_label("Métier").select_option("J1501")
        phone.get_by_role("button", name="Rechercher").click()
        # A filter is set: the filters stay open and say how many are set.
        expect(phone.get_by_label("Métier")).to_be_visible()
        expect(phone.locator("summary")).to_have_text("Filtrer (1)")
    finally:
        context.close()
    context, desktop = new_tab(browser, live_server, DESKTOP)
    try:
        desktop.goto("/pool/")
        expect(desktop.get_by_label("Métier")).to_be_visible()
    finally:
        context.close()


def test_a_tables_key_columns_show_on_a_phone(browser, live_server, people):
    training_objects(people)  # sessions organised by member_a's establishment, one booked
    context, tab = new_tab(browser, live_server)
    try:
        log_in(tab, people["member_a"].email)
        for path, labels in (("/training/", ("Places",)),
                             ("/training/organised", ("Statut", "Places réservées", "Actions"))):
            tab.goto(path)
            row = tab.locator("tbody tr").first
            for label in labels:
                cell = row.locator(f'td[data-label="{label}"]')
                box = cell.bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (path, label)
                expect(cell).to_be_in_viewport()
                # Stacked: the cell says which column it is.
                shown = cell.evaluate("td => getComputedStyle(td, '::before').content")
                assert label in shown, (path, label, shown)
    finally:
        context.close()


def test_numeric_fields_bring_up_the_numeric_keypad(browser, live_server):
    context, tab = new_tab(browser, live_server)
    try:
        tab.goto("/members/join")
        for label in ("SIRET (14 chiffres)", "FINESS (9 chiffres)", "Code postal"):
            expect(tab.get_by_label(label)).to_have_attribute("inputmode", "numeric")
        expect(tab.get_by_label("Code postal")).to_have_attribute("autocomplete", "postal-code")
        expect(tab.get_by_label("Téléphone")).to_have_attribute("inputmode", "tel")
    finally:
        context.close()
