"""Moving an application to "Entretien" with a date, a time, a place and a contact."""
from datetime import date, datetime, time, timezone

import pytest
import time_machine

from app.cv.models import Application
from app.extensions import db
from tests import factories

NOW = datetime(2026, 1, 12, 9, tzinfo=timezone.utc)


@pytest.fixture
def application(candidate, establishment_a):
    factories.cv_profile(candidate, in_bank=False)
    vacancy = factories.vacancy(establishment_a, status="published")
    return factories.application(candidate, vacancy)


def post_interview(client, application, **fields):
    prefix = f"interview-{application.id}-"
    return client.post(f"/cv/applications/{application.id}/interview",
                       data={prefix + name: value for name, value in fields.items()})


def test_the_interview_reaches_the_candidate_by_mail_and_on_her_page(client, auth, candidate,
                                                                      member_a, application,
                                                                      outbox):
    with time_machine.travel(NOW, tick=False):
        auth.login(member_a)
        response = post_interview(client, application, on="2026-01-20", time="14:30",
                                  place="EHPAD Les Tilleuls, salle 2",
                                  contact="Mme Durand, 02 31 00 00 00")
        assert response.status_code == 302
        db.session.refresh(application)
        assert application.status == "interview"
        assert (application.interview_on, application.interview_time) == (date(2026, 1, 20),
                                                                           time(14, 30))
        body = outbox.body(outbox.last_to(candidate.email))
        assert "Date : mardi 20 janvier 2026 à 14:30" in body
        assert "Lieu : EHPAD Les Tilleuls, salle 2" in body
        assert "Contact : Mme Durand, 02 31 00 00 00" in body
        employers = client.get(f"/cv/applications/vacancy/{application.vacancy_id}").text
        assert "mardi 20 janvier 2026" in employers
        auth.logout()
        auth.login(candidate)
        page = client.get("/cv/me").text
    assert "le mardi 20 janvier 2026 à 14:30" in page
    assert "Lieu : EHPAD Les Tilleuls, salle 2" in page


def test_an_interview_without_details_is_still_allowed(client, auth, member_a, candidate,
                                                       application, outbox):
    auth.login(member_a)
    assert post_interview(client, application).status_code == 302
    db.session.refresh(application)
    assert application.status == "interview" and not application.has_interview_details
    assert "Lieu :" not in outbox.body(outbox.last_to(candidate.email))


@pytest.mark.parametrize("fields, message", [
    ({"on": "2026-01-05"}, "La date de l'entretien est déjà passée."),
    ({"time": "10:00"}, "Indiquez aussi la date de l'entretien."),
    ({"on": "31/02/2026"}, "N'est pas une date valide."),
    ({"on": "2026-01-20", "place": "<b>salle</b>"}, "Les caractères < et > ne sont pas acceptés."),
    ({"on": "2026-01-20", "contact": "x" * 201}, "200 caractères au plus."),
])
def test_a_bad_interview_says_why_at_the_field_and_saves_nothing(client, auth, member_a,
                                                                 application, outbox, fields,
                                                                 message):
    with time_machine.travel(NOW, tick=False):
        auth.login(member_a)
        response = post_interview(client, application, **fields)
    assert response.status_code == 400
    assert db.session.get(Application, application.id).status == "received"
    assert not outbox.messages()
    assert f'class="error" id="interview-{application.id}-' in response.text
    assert message in response.text.replace("&#39;", "'")


def test_another_establishment_cannot_set_an_interview(client, auth, member_b, application):
    auth.login(member_b)
    assert post_interview(client, application, on="2026-12-30").status_code == 404
    assert db.session.get(Application, application.id).status == "received"
