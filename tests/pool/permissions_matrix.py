"""The pool's routes in the permission matrix.

A published vacancy is public; a draft of establishment A is seen only by A's
members and staff (404 for others); member B co-employs a shared draft.
"""
from tests.matrix import everyone, logged_in, members_only

# Employers of the vacancy (member_a) and staff act; others get 403 on a public one.
editors = logged_in(403, member_a=200, staff=200)
# On a draft of A: hidden from everyone but A and staff (visitors log in first to edit).
draft_editors = logged_in(404, member_a=200, staff=200)
draft_readers = {**everyone(404), "member_a": 200, "staff": 200}

ROUTES = {
    "pool.index": ("GET", "/pool/?occupation=J1501&sort=start", everyone(200)),
    "pool.detail": ("GET", "/pool/{draft}", draft_readers),
    "pool.print_list": ("GET", "/pool/print", everyone(200)),
    "pool.feed": ("GET", "/pool/feed.atom", everyone(200)),
    "pool.extend": ("GET", "/pool/{published}/extend/not-a-token", everyone(302)),
    "pool.new": ("GET", "/pool/new", members_only(200)),
    "pool.edit": ("GET", "/pool/{draft}/edit", draft_editors),
    "pool.mine": ("GET", "/pool/mine", members_only(200, member_pending=200)),
    "pool.withdraw_confirm": ("GET", "/pool/{published}/withdraw", editors),
    "pool.act": ("POST", "/pool/{published}/fill", logged_in(403, member_a=302, staff=302)),
    "pool.confirm": ("POST", "/pool/{shared}/confirm",
                     logged_in(404, member_a=403, member_b=302, staff=403)),
    "api.index": ("GET", "/api/v1/", everyone(200)),
    "api.vacancies": ("GET", "/api/v1/vacancies?contract_type=cdi", everyone(200)),
    "api.vacancy": ("GET", "/api/v1/vacancies/{published}", everyone(200)),
}

CASES = {
    # A co-employer (B, confirmed) does not take the lead's shared position off the pool.
    "pool.withdraw_confirm: a shared position": ("GET", "/pool/{shared_published}/withdraw",
                                                 editors),
    "pool.act: a shared position withdrawn": (
        "POST", "/pool/{shared_published}/withdraw", logged_in(403, member_a=302, staff=302)),
    # Nor does it rewrite it: it answers for its own share only (issue 19).
    "pool.edit: a shared position": ("GET", "/pool/{shared_published}/edit", editors),
    "pool.edit: a shared draft": ("GET", "/pool/{shared}/edit",
                                  logged_in(404, member_a=200, member_b=403, staff=200)),
    "pool.act: a shared draft submitted": (
        "POST", "/pool/{shared}/submit", logged_in(404, member_a=302, member_b=403, staff=302)),
    "pool.act: a shared position filled": (
        "POST", "/pool/{shared_published}/fill",
        logged_in(403, member_a=302, member_b=302, staff=302)),
}


def objects(people):
    from tests import factories
    a, b = people["establishment_a"], people["establishment_b"]
    return {"draft": factories.vacancy(a).id,
            "published": factories.vacancy(a, "published").id,
            "shared": factories.vacancy(a, co_employers=[(b, 40, False)]).id,
            "shared_published": factories.vacancy(a, "published",
                                                  co_employers=[(b, 40, True)]).id}
