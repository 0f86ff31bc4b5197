"""The wallet's routes: the holder's own pages (a candidate), a person's credentials as a
member who knows them sees them (member_a: the pool employer; member_b: 404), proofs."""
from tests.matrix import logged_in

CANDIDATE_ONLY = logged_in(403, candidate=200)
OWN_ONLY = logged_in(403, candidate=200)  # the holder is the matrix's candidate
KNOWN = logged_in(404, member_a=200, staff=200)

ROUTES = {
    "credentials.mine": ("GET", "/credentials/", CANDIDATE_ONLY),
    "credentials.new": ("GET", "/credentials/new", CANDIDATE_ONLY),
    "credentials.edit": ("GET", "/credentials/{credential}/edit", OWN_ONLY),
    "credentials.delete": ("GET", "/credentials/{credential}/delete", OWN_ONLY),
    "credentials.holder": ("GET", "/credentials/person/{holder}", KNOWN),
    "credentials.verify": ("POST", "/credentials/{credential}/verify",
                           logged_in(404, member_a=302, staff=302)),
    "credentials.proof": ("GET", "/credentials/{credential}/proof",
                          logged_in(404, candidate=200, member_a=200, staff=200)),
}
CASES = {
    "credentials.edit: another holder's": ("GET", "/credentials/{other}/edit",
                                          logged_in(403, candidate=404)),
    "credentials.proof: another holder's": ("GET", "/credentials/{other}/proof",
                                           logged_in(404, staff=200)),
}


def objects(people):
    from tests import factories
    from tests.credentials.factories import credential
    from tests.replacements.factories import pro_profile
    holder = people["candidate"]
    pro_profile(holder, employers=[people["establishment_a"]])
    stranger = factories.user("candidate")
    return {"credential": credential(holder).id, "holder": holder.id,
            "other": credential(stranger).id}
