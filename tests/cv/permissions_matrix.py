"""The CV bank's routes in the permission matrix.

`bank` is another candidate's profile in the bank: candidates get 404 for it,
members and staff see it. Staff may look but not write to candidates.
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
    "cv.detail": ("GET", "/cv/{bank}", logged_in(200, candidate=404)),
    "cv.file": ("GET", "/cv/{bank}/file", logged_in(200, candidate=404)),
    "cv.contact": ("POST", "/cv/{bank}/contact", logged_in(400, candidate=404, staff=403)),
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
            "token": tokens.make("cv-consent", {"pid": shared.id, "email": shared.contact_email})}
