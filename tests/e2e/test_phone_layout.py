"""On a phone (390 × 844): list filters fold behind one "Filtrer" button, tables
stack their cells under their headers, numeric fields bring up the numeric keypad."""
from playwright.sync_api import expect

from tests import factories
from tests.e2e.helpers import DESKTOP, PHONE, log_in, new_tab
from tests.test_permission_matrix import people  # noqa: F401 (fixture)
from tests.training.permissions_matrix import objects as training_objects

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
        expect(phone.locator("details.filters-fold > summary")).to_have_text("Filtrer (1)")
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


def _main_nav(tab):
    return tab.get_by_role("navigation", name="Navigation principale")


def test_the_header_folds_its_menu_on_a_phone_and_shows_it_on_a_desktop(browser, live_server,
                                                                        people):
    context, phone = new_tab(browser, live_server)
    try:
        log_in(phone, people["staff"].email)  # the longest menu
        phone.goto("/pool/")
        header = phone.locator("header.site-header").bounding_box()
        assert header["height"] <= 80, header  # brand and "Menu" on one line
        expect(phone.locator("main h1")).to_be_in_viewport()
        expect(_main_nav(phone).get_by_role("link", name="Tableau de bord")).to_be_hidden()
        phone.locator("summary", has_text="Menu").click()
        expect(_main_nav(phone).get_by_role("link", name="Tableau de bord")).to_be_visible()
        expect(phone.get_by_role("button", name="Se déconnecter")).to_be_visible()
    finally:
        context.close()
    context, desktop = new_tab(browser, live_server, DESKTOP)
    try:
        log_in(desktop, people["staff"].email)
        expect(_main_nav(desktop).get_by_role("link", name="Tableau de bord")).to_be_visible()
        expect(desktop.locator("summary", has_text="Menu")).to_be_hidden()
    finally:
        context.close()
