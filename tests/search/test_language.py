"""What is indexed never depends on the language of the person who saved it."""
from app import indexing
from tests import factories
from tests.search.contract.test_pages import links, page


def test_a_vacancy_approved_under_english_is_found_by_a_french_search(client, auth, staff,
                                                                      establishment_a, member_a):
    vacancy = factories.vacancy(establishment_a, status="pending", author=member_a,
                                title="Poste de jour", occupation="J1404")
    auth.login(staff)
    client.get("/lang/en")
    assert client.post(f"/staff/queue/vacancy/{vacancy.id}/approve").status_code == 302
    auth.logout()
    client.get("/lang/fr")
    assert links(page(client, q="kinésithérapeute"), "/pool/") == {vacancy.id}
    missing, extra, stale = indexing.differences(indexing.KINDS["vacancy"])
    assert (missing, extra, stale) == ([], [], [])
