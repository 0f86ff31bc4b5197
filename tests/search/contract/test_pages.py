"""The /search page and the list pages' text box, as each role sees them."""
import pytest
from sqlalchemy import update

from app.cv.models import CandidateProfile
from app.extensions import db
from app.pool.models import Vacancy
from tests import factories


@pytest.fixture
def corpus(establishment_a):
    """One published vacancy, one bank CV, one session, and things nobody may find."""
    return {
        "vacancy": factories.vacancy(establishment_a, status="published",
                                     title="Infirmière de nuit", occupation="J1506"),
        "draft": factories.vacancy(establishment_a, status="draft", title="Infirmier brouillon"),
        "cv": factories.cv_profile(headline="Infirmier diplômé d'État, 5 ans en SSIAD",
                                   occupations=["J1506"], cv_text="Soins infirmiers à domicile"),
        "hidden_cv": factories.cv_profile(in_bank=False, headline="Infirmière masquée"),
        "training": factories.training_session(establishment_a, title="Soins infirmiers et "
                                               "plaies chroniques"),
    }


def links(html, prefix):
    import re
    return set(int(n) for n in re.findall(rf'href="{prefix}(\d+)"', html))


def page(client, **params):
    response = client.get("/search", query_string=params)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_visitor_sees_published_vacancies_only(client, corpus):
    html = page(client, q="infirmière")
    assert links(html, "/pool/") == {corpus["vacancy"].id}
    assert "CV</a>" not in html and "Formations</a>" not in html
    assert links(page(client, q="infirmier", kind="cv"), "/cv/") == set()


def test_candidate_never_sees_a_cv(client, auth, candidate, corpus):
    auth.login(candidate)
    assert links(page(client, q="infirmier", kind="cv"), "/cv/") == set()
    assert links(page(client, q="infirmier", kind="training"), "/training/") == set()


def test_member_sees_bank_cvs_and_sessions(client, auth, member_b, corpus):
    auth.login(member_b)
    assert links(page(client, q="IDE", kind="cv"), "/cv/") == {corpus["cv"].id}
    assert links(page(client, q="infirmiers", kind="training"), "/training/") == \
        {corpus["training"].id}
    assert links(page(client, q="infirmier"), "/pool/") == {corpus["vacancy"].id}


def test_staff_sees_every_tab(client, auth, staff, corpus):
    auth.login(staff)
    html = page(client, q="infirmier")
    assert "Offres" in html and "CV</a>" in html and "Formations</a>" in html


def test_a_stale_entry_never_leaks(client, auth, member_b, corpus):
    """Made private behind the hooks' back: the index still has it, the page does not."""
    db.session.execute(update(CandidateProfile).where(CandidateProfile.id == corpus["cv"].id)
                       .values(visibility="hidden"))
    db.session.execute(update(Vacancy).where(Vacancy.id == corpus["vacancy"].id)
                       .values(status="withdrawn"))
    db.session.commit()
    auth.login(member_b)
    assert links(page(client, q="infirmier", kind="cv"), "/cv/") == set()
    assert links(page(client, q="infirmier"), "/pool/") == set()
    assert corpus["vacancy"].id not in links(
        client.get("/pool/?q=infirmier").get_data(as_text=True), "/pool/")
    assert links(client.get("/cv/?q=infirmier").get_data(as_text=True), "/cv/") == set()


@pytest.mark.parametrize("typed", ["infirmière", "infirmieres", "INFIRMIER", "IDE"])
def test_nurse_as_people_type_it(client, corpus, typed):
    assert links(page(client, q=typed), "/pool/") == {corpus["vacancy"].id}
    assert links(client.get("/pool/", query_string={"q": typed}).get_data(as_text=True),
                 "/pool/") == {corpus["vacancy"].id}


@pytest.mark.parametrize("typed, title", [
    ("AS", "Aide-soignante de jour"), ("aides-soignants", "Aide-soignante de jour"),
    ("AES", "Accompagnant éducatif et social"), ("AMP", "Accompagnant éducatif et social"),
    ("AVS", "Accompagnante éducative et sociale"), ("ASH", "Agent de service hospitalier"),
])
def test_trade_abbreviations(client, establishment_a, typed, title):
    wanted = factories.vacancy(establishment_a, status="published", title=title,
                               description="Poste en EHPAD.")
    factories.vacancy(establishment_a, status="published", title="Cuisinier",
                      description="Cuisine traditionnelle.", occupation="G1602")
    assert links(page(client, q=typed), "/pool/") == {wanted.id}


def test_list_pages_combine_words_and_filters(client, auth, member_b, corpus):
    other = factories.vacancy(corpus["vacancy"].establishment, status="published",
                              title="Infirmier de jour", contract_type="cdd")
    html = client.get("/pool/?q=infirmier&contract_type=cdd").get_data(as_text=True)
    assert links(html, "/pool/") == {other.id}
    auth.login(member_b)
    assert links(client.get("/cv/?q=domicile").get_data(as_text=True), "/cv/") == \
        {corpus["cv"].id}
    html = client.get("/training/?q=plaies").get_data(as_text=True)
    assert links(html, "/training/") == {corpus["training"].id}
    assert links(client.get("/training/?q=cuisine").get_data(as_text=True), "/training/") == set()


def test_facets_count_and_filter(client, corpus):
    factories.vacancy(corpus["vacancy"].establishment, status="published",
                      title="Infirmier de jour", commune="Flers", postcode="61100")
    html = page(client, q="infirmier")
    assert "Flers</a> (1)" in html and "Vire Normandie</a> (1)" in html
    assert len(links(page(client, q="infirmier", commune="Flers"), "/pool/")) == 1


def test_suggestion(client, corpus):
    assert "Vouliez-vous dire" in page(client, q="infirmiere noit")


def test_date_order_and_pages(client, establishment_a):
    made = [factories.vacancy(establishment_a, status="published", title=f"Agent {n}")
            for n in range(23)]
    first = links(page(client, q="agent", sort="date"), "/pool/")
    second = links(page(client, q="agent", sort="date", page=2), "/pool/")
    assert len(first) == 20 and len(second) == 3 and not first & second
    assert first | second == {v.id for v in made}


def test_no_page_link_past_the_deepest_page_served(client, establishment_a, monkeypatch):
    from app.search_views import finder
    monkeypatch.setattr(finder, "MAX_PAGE", 1)
    for n in range(23):
        factories.vacancy(establishment_a, status="published", title=f"Agent {n}")
    html = page(client, q="agent")
    assert "23 résultats" in html and "page=2" not in html
    assert "Seuls les 20 premiers résultats sont paginés" in html
    monkeypatch.setattr(finder, "MAX_PAGE", 2)
    html = page(client, q="agent")
    assert "page=2" in html and "Seuls les" not in html


HOSTILE = ['"infirmière', "*", "OR", "infirmier OR", "((", ")]}", "AND NOT", "x" * 10_000,
           "\x00\x01\x1f\x7f", "title:foo", "infirm*", "~2", "%", "'; DROP TABLE vacancy; --",
           "<script>alert(1)</script>", "\u202e\ufeff", "ide " * 3000]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_queries_never_fail(client, auth, staff, corpus, hostile):
    auth.login(staff)
    for kind in ("vacancy", "cv", "training"):
        response = client.get("/search", query_string={"q": hostile, "kind": kind,
                                                       "page": "x", "commune": hostile})
        assert response.status_code == 200
        assert "<script>alert" not in response.get_data(as_text=True)
    for url in ("/pool/", "/cv/", "/training/"):
        assert client.get(url, query_string={"q": hostile}).status_code == 200


def test_symbols_only_get_a_french_message(client, corpus):
    assert "Saisissez au moins un mot" in page(client, q="*** ((")
    assert "Recherche trop longue" in page(client, q="infirmier " * 100)


def test_stop_words_alone_are_said_to_be_ignored(client, corpus):
    assert "trop courants" in page(client, q="le la de")


def test_extract_marks_the_words(client, establishment_a):
    factories.vacancy(establishment_a, status="published", title="Poste",
                      description="Nous recherchons une infirmière de nuit pour notre EHPAD.")
    assert "infirmière</mark>" in page(client, q="IDE")


CV_PDF_TEXT = ("Julie Lefèvre, 12 rue des Lilas, 14500 Vire. Tél. 06 12 34 56 78, "
               "julie.lefevre@example.org. Aide-soignante en EHPAD depuis 2017.")
PDF_ONLY = ["Lefèvre", "Lilas", "06 12 34 56 78", "julie.lefevre@example.org", "2017"]


def test_search_answers_never_quote_a_cv_pdf(client, auth, member_b):
    """The PDF is read through a logged view or download; its words are searched,
    and no answer to any of them quotes what only the PDF says."""
    import re
    from app.cv import files
    profile = factories.cv_profile(cv_file=files.store(factories.pdf_bytes(CV_PDF_TEXT)),
                                   cv_text=CV_PDF_TEXT)
    auth.login(member_b)
    for word in dict.fromkeys(re.findall(r"\w+", CV_PDF_TEXT)):
        html = page(client, q=word, kind="cv")
        assert links(html, "/cv/") == {profile.id}, word  # found by the PDF's words
        for private in PDF_ONLY:
            if word.lower() not in private.lower():  # the query itself is echoed
                assert private not in html, (word, private)
    assert "soignante</mark> de nuit" in page(client, q="aide-soignante", kind="cv")  # the headline


def test_an_expired_vacancy_is_out_of_every_public_answer(client, establishment_a):
    """Past its expiry date, before the daily `expire` has run."""
    from datetime import timedelta
    from app.timeutil import local_today
    today = local_today()
    kept = factories.vacancy(establishment_a, status="published", title="Ergothérapeute",
                             commune="Vire Normandie", expires_on=today)
    expired = factories.vacancy(establishment_a, status="published", commune="Flers",
                                title="Psychomotricien de nuit", expires_on=today - timedelta(1))
    html = page(client)
    assert links(html, "/pool/") == {kept.id} and "1 résultat" in html
    assert "Vire Normandie</a> (1)" in html and "Flers</a>" not in html
    html = page(client, q="psychomotricien")
    assert "0 résultat" in html and "Flers</a>" not in html
    assert "Vouliez-vous dire" not in page(client, q="psychomotriciem")
    assert client.get(f"/pool/{expired.id}").status_code == 404


def test_no_suggestion_from_a_cv_withdrawn_from_the_bank(client, auth, member_b):
    profile = factories.cv_profile(headline="Ergothérapeute diplômée")
    auth.login(member_b)
    assert "Vouliez-vous dire" in page(client, q="ergoterapeute", kind="cv")
    profile.visibility = "hidden"
    db.session.commit()
    assert "Vouliez-vous dire" not in page(client, q="ergoterapeute", kind="cv")


def test_no_suggestion_from_an_entry_still_pending_removal(client, auth, member_b):
    """Withdrawn behind the hooks' back: the index still finds it, the page says nothing."""
    profile = factories.cv_profile(headline="Ergothérapeute diplômée")
    db.session.execute(update(CandidateProfile).where(CandidateProfile.id == profile.id)
                       .values(visibility="hidden"))
    db.session.commit()
    auth.login(member_b)
    assert "Vouliez-vous dire" not in page(client, q="ergoterapeute", kind="cv")
