"""The CV bank's routes in the permission matrix.

`bank` is another candidate's profile in the bank: candidates get 404 for it,
members and staff see it. Staff may look but not write to candidates.

The CASES are applicants outside the bank, reached only through their
application: to a shared draft whose co-employer B has not confirmed
(`unconfirmed`), and to a shared vacancy B joined after `early` applied and
before `late` did. Only a confirmed employer, for the applications made
since it joined, reaches them; for anyone else they are another
establishment's private objects (404).
"""
from tests.matrix import everyone, logged_in, members_only


def candidate_only(status):
    return logged_in(403, candidate=status)


ROUTES = {
    "cv.me": ("GET", "/cv/me", candidate_only(200)),
    "cv.upload": ("POST", "/cv/me/upload", candidate_only(400)),
    "cv.visibility": ("POST", "/cv/me/visibility", candidate_only(400)),
    "cv.withdraw": ("POST", "/cv/me/withdraw", candidate_only(302)),
    "cv.keep": ("POST", "/cv/me/keep", candidate_only(302)),
    "cv.views": ("GET", "/cv/me/views", candidate_only(200)),
    "cv.offers": ("GET", "/cv/me/offers", candidate_only(200)),
    "cv.export": ("GET", "/cv/me/export", candidate_only(200)),
    "cv.delete": ("GET", "/cv/me/delete", candidate_only(200)),
    "cv.index": ("GET", "/cv/", logged_in(403, member_a=200, member_b=200, staff=200)),
    "cv.detail": ("GET", "/cv/{bank}", logged_in(200, candidate=404, member_pending=404)),
    "cv.file": ("GET", "/cv/{bank}/file", logged_in(200, candidate=404, member_pending=404)),
    "cv.contact": ("POST", "/cv/{bank}/contact",
                   logged_in(400, candidate=404, member_pending=404, staff=403)),
    "cv.share": ("GET", "/cv/share", members_only(200)),
    "cv.consent": ("GET", "/cv/consent/{token}", everyone(200)),
    "cv.answer": ("POST", "/cv/consent/not-a-token/accept", everyone(404)),
    "cv.claim": ("GET", "/cv/claim/{token}", everyone(200)),
    "cv.apply": ("GET", "/cv/apply/{vacancy}", logged_in(403, candidate=200)),
    "cv.vacancy_applications": ("GET", "/cv/applications/vacancy/{vacancy}",
                                logged_in(404, member_a=200, staff=200)),
    # Only the vacancy's employers; staff and member B see the vacancy but not its matches.
    "cv.matches": ("GET", "/cv/matches/vacancy/{vacancy}", logged_in(403, member_a=200)),
    "cv.move": ("POST", "/cv/applications/{application}/interview",
                logged_in(404, member_a=302)),
}

# What the lead (member_a) and staff reach; member_b as the case says.
READ = logged_in(404, member_a=200, staff=200)
MOVE = logged_in(404, member_a=302)
CASES = {
    "cv.vacancy_applications: B has not confirmed its share": (
        "GET", "/cv/applications/vacancy/{unconfirmed_vacancy}", READ),
    "cv.detail: applied to a share B has not confirmed": (
        "GET", "/cv/{unconfirmed_profile}", READ),
    "cv.file: applied to a share B has not confirmed": (
        "GET", "/cv/{unconfirmed_profile}/file", READ),
    "cv.move: applied to a share B has not confirmed": (
        "POST", "/cv/applications/{unconfirmed_application}/interview", MOVE),
    "cv.vacancy_applications: B confirmed after a first application": (
        "GET", "/cv/applications/vacancy/{joined_vacancy}", {**READ, "member_b": 200}),
    "cv.detail: applied before B confirmed": ("GET", "/cv/{early_profile}", READ),
    "cv.file: applied before B confirmed": ("GET", "/cv/{early_profile}/file", READ),
    "cv.move: applied before B confirmed": (
        "POST", "/cv/applications/{early_application}/interview", MOVE),
    "cv.detail: applied after B confirmed": (
        "GET", "/cv/{late_profile}", {**READ, "member_b": 200}),
    "cv.file: applied after B confirmed": (
        "GET", "/cv/{late_profile}/file", {**READ, "member_b": 200}),
    "cv.move: applied after B confirmed": (
        "POST", "/cv/applications/{late_application}/interview", {**MOVE, "member_b": 302}),
}


def _applicant(vacancy, **fields):
    """A candidate outside the bank who applied to `vacancy`: (profile, application)."""
    from tests import factories
    profile = factories.cv_profile(in_bank=False)
    return profile, factories.application(profile.user, vacancy, **fields)


def co_employer_objects(people):
    """The shared vacancies of the CASES, their applicants and applications."""
    from datetime import timedelta

    from app.timeutil import utcnow
    from tests import factories
    a, b, now = people["establishment_a"], people["establishment_b"], utcnow()
    unconfirmed = factories.vacancy(a, "draft", co_employers=[(b, 40, False)])
    joined = factories.vacancy(a, "published", created_at=now - timedelta(days=10),
                               co_employers=[(b, 40, now - timedelta(days=1))])
    values = {"unconfirmed_vacancy": unconfirmed.id, "joined_vacancy": joined.id}
    for name, vacancy, fields in (("unconfirmed", unconfirmed, {}),
                                  ("early", joined, {"created_at": now - timedelta(days=2)}),
                                  ("late", joined, {})):
        profile, application = _applicant(vacancy, **fields)
        values.update({f"{name}_profile": profile.id, f"{name}_application": application.id})
    return values


def objects(people):
    from app.auth import tokens
    from tests import factories
    factories.cv_profile(people["candidate"], in_bank=False)
    shared = factories.cv_profile(None, in_bank=False, contact_email="paul@example.org",
                                  share_status="awaiting", shared_by_id=people["member_a"].id,
                                  shared_by_establishment_id=people["establishment_a"].id)
    vacancy = factories.vacancy(people["establishment_a"], status="published")
    applicant = factories.cv_profile()
    application = factories.application(applicant.user, vacancy)
    return {"bank": applicant.id, "vacancy": vacancy.id, "application": application.id,
            "pending": factories.cv_profile(moderation="pending").id,
            "token": tokens.make("cv-consent", {"pid": shared.id, "email": shared.contact_email}),
            **co_employer_objects(people)}
