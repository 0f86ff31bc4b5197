"""Establishments join, are approved or suspended by staff, invite colleagues."""
import re

import pytest

from app.auth.models import User
from app.extensions import db
from app.members.models import Establishment
from app.members.validators import luhn_ok
from app.seed import luhn_complete
from tests import factories

PASSWORD = "les pommes du bocage"


def join_data(**overrides):
    data = {"name": "EHPAD Saint-Joseph", "kind": "ehpad", "siret": "",
            "finess": "140056789", "address": "9 rue de l'Église", "postcode": "14110",
            "commune": "Condé-en-Normandie", "phone": "02 31 69 00 08",
            "first_name": "Hélène", "last_name": "Vautier", "email": "direction@stjoseph.fr",
            "password": PASSWORD, "confirm": PASSWORD, "charter": "y"}
    data.update(overrides)
    return data


def count(model):
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_luhn():
    assert luhn_ok("73282932000074")  # a real, published SIRET
    assert not luhn_ok("73282932000075")
    assert luhn_ok(luhn_complete("1234567890123"))


def join_and_confirm(client, outbox, **overrides):
    """Ask to join, then open the mailed link and confirm."""
    response = client.post("/members/join", data=join_data(**overrides))
    assert response.status_code == 302
    email = overrides.get("email", "direction@stjoseph.fr")
    link = re.search(r"http://localhost(/auth/confirm/\S+)",
                     outbox.body(outbox.last_to(email))).group(1)
    return client.post(link)


def test_join_creates_a_pending_establishment_and_its_first_user(client, outbox):
    client.post("/members/join", data=join_data(siret="732 829 320 00074"))
    assert count(Establishment) == 0 and count(User) == 0  # not before the link is opened
    response = join_and_confirm(client, outbox, siret="732 829 320 00074")
    assert response.headers["Location"] == "/members/team"
    establishment = db.session.scalar(db.select(Establishment))
    assert (establishment.status, establishment.siret) == ("pending", "73282932000074")
    (user,) = establishment.users
    assert (user.role, user.email) == ("member", "direction@stjoseph.fr")


@pytest.mark.parametrize("overrides, message", [
    ({"siret": "73282932000075"}, "SIRET invalide"),
    ({"siret": "1234"}, "SIRET invalide"),
    ({"siret": "", "finess": ""}, "Indiquez le SIRET ou le numéro FINESS"),
    ({"finess": "14005678"}, "FINESS invalide"),
    ({"postcode": "1450"}, "Le code postal compte 5 chiffres"),
    ({"kind": "casino"}, "pas un choix valide"),
    ({"charter": ""}, "Lisez la charte"),
    ({"phone": "appelez-moi"}, "Numéro de téléphone invalide"),
    ({"name": "<b>EHPAD</b>"}, "ne sont pas acceptés"),
])
def test_join_refuses_bad_input(client, overrides, message):
    response = client.post("/members/join", data=join_data(**overrides))
    assert response.status_code == 200
    assert message in response.text
    assert count(Establishment) == 0 and count(User) == 0


def test_join_refuses_an_establishment_already_registered(client, establishment_a):
    response = client.post("/members/join", data=join_data(siret=establishment_a.siret))
    assert "déjà inscrit" in response.text
    assert count(Establishment) == 1


def test_staff_approve_and_the_members_are_told(client, auth, staff, outbox):
    join_and_confirm(client, outbox)
    auth.logout()
    establishment = db.session.scalar(db.select(Establishment))
    auth.login(staff)
    assert establishment.name in client.get("/staff/").text
    assert f"/staff/queue/establishment/{establishment.id}" in client.get(
        f"/staff/establishments/{establishment.id}").text  # one path: the queue decides
    response = client.post(f"/staff/queue/establishment/{establishment.id}/approve")
    assert response.status_code == 302
    db.session.refresh(establishment)
    assert establishment.status == "active"
    assert "validée" in outbox.last_to("direction@stjoseph.fr")["Subject"]
    assert establishment.name in client.get("/members/").text


def test_approving_twice_says_it_is_already_done(client, auth, staff, establishment_a):
    auth.login(staff)
    response = client.post(f"/staff/queue/establishment/{establishment_a.id}/approve",
                           follow_redirects=True)
    assert "vient de traiter" in response.text
    response = client.post(f"/staff/establishments/{establishment_a.id}/reactivate",
                           follow_redirects=True)
    assert "plus possible" in response.text and "déjà « Actif »" in response.text


def test_a_request_is_approved_in_the_queue_only(client, auth, staff):
    pending = factories.establishment(status="pending")
    auth.login(staff)
    assert client.post(f"/staff/establishments/{pending.id}/approve").status_code == 404
    db.session.refresh(pending)
    assert pending.status == "pending"


def test_pending_members_are_hidden_from_the_public_list(client):
    factories.establishment(name="EHPAD Caché", status="pending")
    factories.establishment(name="EHPAD Visible", status="active")
    html = client.get("/members/").text
    assert "EHPAD Visible" in html and "EHPAD Caché" not in html


def test_suspension_ends_the_sessions_of_its_users(app, client, auth, staff, member_a):
    member_client = app.test_client()
    member_client.post("/auth/login", data={"email": member_a.email, "password": factories.PASSWORD})
    assert member_client.get("/members/team").status_code == 200
    auth.login(staff)
    client.post(f"/staff/establishments/{member_a.establishment_id}/suspend")
    assert member_client.get("/members/team").status_code == 302
    response = member_client.post("/auth/login", data={"email": member_a.email,
                                                      "password": factories.PASSWORD})
    assert "suspendu" in response.text


def test_staff_record_the_charter_signature(client, auth, staff, establishment_a):
    auth.login(staff)
    response = client.post(f"/staff/establishments/{establishment_a.id}/charter",
                           data={"signed_on": "2015-06-12"})
    assert response.status_code == 302
    db.session.refresh(establishment_a)
    assert establishment_a.charter_signed_on.isoformat() == "2015-06-12"
    assert "12 juin 2015" in client.get("/members/").text
    response = client.post(f"/staff/establishments/{establishment_a.id}/charter",
                           data={"signed_on": "2999-01-01"})
    assert response.status_code == 400 and "dans le futur" in response.text


def test_a_member_invites_a_colleague_who_joins(app, client, auth, member_a, outbox):
    auth.login(member_a)
    response = client.post("/members/invite", data={"email": "infirmiere@tilleuls.fr"})
    assert response.status_code == 302
    body = outbox.body(outbox.last_to("infirmiere@tilleuls.fr"))
    link = re.search(r"http://localhost(/auth/invitation/\S+)", body).group(1)
    auth.logout()
    response = client.post(link, data={"first_name": "Inès", "last_name": "Morel",
                                       "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 302
    colleague = db.session.scalar(db.select(User).where(User.email == "infirmiere@tilleuls.fr"))
    assert colleague.establishment_id == member_a.establishment_id
    assert client.post(link, data={"first_name": "Inès", "last_name": "Morel",
                                   "password": PASSWORD, "confirm": PASSWORD}).status_code == 200


def test_a_pending_establishment_cannot_invite(client, auth):
    pending = factories.establishment(status="pending")
    member = factories.user("member", establishment=pending)
    auth.login(member)
    assert client.post("/members/invite", data={"email": "x@example.org"}).status_code == 403
    assert "en cours d'examen" in client.get("/members/team").text


def test_join_with_an_address_in_use_answers_as_a_new_one(client, outbox, member_a):
    taken = client.post("/members/join", data=join_data(email=member_a.email))
    free = client.post("/members/join", data=join_data(email="new@stjoseph.fr"))
    assert taken.status_code == free.status_code == 302
    assert taken.headers["Location"] == free.headers["Location"]
    body = outbox.body(outbox.last_to(member_a.email))
    assert "EHPAD Saint-Joseph" in body and "n'appartient qu'à un seul établissement" in body
    assert outbox.last_to("new@stjoseph.fr")["X-GTEC-Template"] == "signup_confirm"
    assert count(Establishment) == 1  # member_a's own


def test_a_join_link_refuses_an_establishment_registered_meanwhile(client, outbox):
    client.post("/members/join", data=join_data(siret="73282932000074"))
    factories.establishment(siret="73282932000074")
    link = re.search(r"http://localhost(/auth/confirm/\S+)",
                     outbox.body(outbox.last_to("direction@stjoseph.fr"))).group(1)
    response = client.post(link)
    assert response.headers["Location"] == "/members/join"
    assert "déjà inscrit" in client.get(response.headers["Location"]).text
    assert count(Establishment) == 1 and count(User) == 0


def test_an_invitation_to_an_account_elsewhere_answers_as_to_a_new_address(
        client, auth, member_a, member_b, outbox):
    auth.login(member_a)
    elsewhere = client.post("/members/invite", data={"email": member_b.email})
    new = client.post("/members/invite", data={"email": "new@tilleuls.fr"})
    assert elsewhere.status_code == new.status_code == 302
    assert outbox.last_to(member_b.email)["X-GTEC-Template"] == "invitation_account_exists"
    assert "/auth/invitation/" not in outbox.body(outbox.last_to(member_b.email))
    assert outbox.last_to("new@tilleuls.fr")["X-GTEC-Template"] == "invitation"


def test_inviting_a_team_member_says_so(client, auth, member_a, establishment_a, outbox):
    colleague = factories.user("member", establishment=establishment_a)
    auth.login(member_a)
    response = client.post("/members/invite", data={"email": colleague.email})
    assert response.status_code == 400 and "fait déjà partie de votre équipe" in response.text
    assert outbox.messages() == []


def test_invitations_to_one_address_are_limited(client, auth, member_a, outbox):
    auth.login(member_a)
    for _ in range(5):
        assert client.post("/members/invite", data={"email": "x@tilleuls.fr"}).status_code == 302
    response = client.post("/members/invite", data={"email": "x@tilleuls.fr"})
    assert response.status_code == 429 and "Trop de demandes" in response.text
    assert len(outbox.to("x@tilleuls.fr")) == 5


def test_an_invited_colleague_may_not_use_the_address_as_password(client, auth, member_a, outbox):
    auth.login(member_a)
    client.post("/members/invite", data={"email": "ines.morel@tilleuls.fr"})
    body = outbox.body(outbox.last_to("ines.morel@tilleuls.fr"))
    link = re.search(r"http://localhost(/auth/invitation/\S+)", body).group(1)
    auth.logout()
    response = client.post(link, data={"first_name": "Inès", "last_name": "Morel",
                                       "password": "ines-morel 2026", "confirm": "ines-morel 2026"})
    assert response.status_code == 200 and "reprendre votre adresse" in response.text
    assert count(User) == 1
