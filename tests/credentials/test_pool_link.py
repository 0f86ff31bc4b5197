"""The member's page of a pool profile leads to the person's credentials."""
from tests.credentials.factories import credential
from tests.replacements.factories import pro_profile


def test_the_pool_profile_links_to_the_person_s_credentials(client, auth, member_a,
                                                             establishment_a, candidate):
    profile = pro_profile(candidate, employers=[establishment_a])
    credential(candidate, type="AFGSU2")
    auth.login(member_a)
    page = client.get(f"/replacements/pool/{profile.id}").text
    link = f"/credentials/person/{candidate.id}"
    assert link in page
    assert "AFGSU niveau 2" in client.get(link).text
