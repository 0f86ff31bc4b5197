"""Searching in a real browser: a member searches, reads highlighted extracts,
switches tab and narrows with a facet; a candidate never gets a CV tab; an
employer opens the CVs matching its vacancy."""
from playwright.sync_api import expect

from tests import factories
from tests.e2e.helpers import log_in


def corpus(establishment):
    factories.vacancy(establishment, status="published", title="Infirmière de nuit",
                      occupation="J1506", commune="Vire Normandie",
                      description="Soins infirmiers auprès des résidents, la nuit.")
    factories.vacancy(establishment, status="published", title="Infirmier coordinateur",
                      occupation="J1502", commune="Flers",
                      description="Coordination des soins infirmiers du SSIAD.")
    return factories.cv_profile(headline="Infirmière DE, 6 ans en SSIAD", occupations=["J1506"],
                                diplomas=["DEI"], communes="Flers",
                                cv_text="Infirmière diplômée d'État, soins à domicile.")


def test_member_searches_switches_tab_and_narrows(page, establishment_a, member_b):
    profile = corpus(establishment_a)
    log_in(page, member_b.email)
    page.get_by_role("link", name="Rechercher").first.click()
    page.get_by_label("Mots-clés").fill("infirmiere")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_text("2 résultats")).to_be_visible()
    expect(page.locator(".extract mark").first).to_be_visible()

    page.get_by_role("complementary").get_by_role("link", name="Flers").click()
    expect(page.get_by_text("1 résultat", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Infirmier coordinateur")).to_be_visible()
    expect(page.get_by_role("link", name="Infirmière de nuit")).to_have_count(0)

    page.get_by_role("navigation", name="Types de résultats").get_by_role(
        "link", name="CV").click()
    expect(page.locator(".extract mark").first).to_have_text("Infirmière")
    page.get_by_role("link", name=profile.headline).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(profile.display_name)


def test_candidate_never_sees_the_cv_tab(page, establishment_a, candidate):
    corpus(establishment_a)
    log_in(page, candidate.email)
    page.goto("/search?q=infirmiere")
    tabs = page.get_by_role("navigation", name="Types de résultats")
    expect(tabs).to_contain_text("Offres")
    expect(tabs.get_by_text("CV", exact=True)).to_have_count(0)
    page.goto("/search?q=infirmiere&kind=cv")
    expect(page.get_by_role("link", name="Infirmière DE, 6 ans en SSIAD")).to_have_count(0)


def test_employer_opens_the_matching_cvs(page, establishment_a, member_a):
    profile = corpus(establishment_a)
    log_in(page, member_a.email)
    page.goto("/pool/")
    page.get_by_role("link", name="Infirmière de nuit").click()
    page.get_by_role("link", name="CV correspondant à cette offre").click()
    expect(page.get_by_role("heading", name="CV de la CVthèque pour cette offre")).to_be_visible()
    card = page.locator(".card", has=page.get_by_role("link", name=profile.headline))
    expect(card.get_by_label("Pourquoi cette proposition")).to_contain_text("Même métier")
