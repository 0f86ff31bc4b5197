"""French elision in sentences that carry a name (app/french.py)."""
import pytest
from flask import session

from app import french
from app.members import services
from app.security import LANGUAGE
from tests import factories


@pytest.mark.parametrize("name, expected", [
    ("EHPAD Saint-Joseph", "d'EHPAD Saint-Joseph"),
    ("Hôpital local de Vire", "d'Hôpital local de Vire"),
    ("Île-de-Bocage", "d'Île-de-Bocage"),
    ("Maison des Tilleuls", "de Maison des Tilleuls"),
    ("SSIAD du Bocage", "de SSIAD du Bocage"),
])
def test_de_elides_before_a_vowel_or_a_mute_h(app, name, expected):
    with app.test_request_context():
        assert french.of(name) == expected


def test_english_pages_read_of(app):
    with app.test_request_context():
        session[LANGUAGE] = "en"
        assert french.of("EHPAD Saint-Joseph") == "of EHPAD Saint-Joseph"


def test_the_approval_mail_subject_elides(staff, outbox):
    pending = factories.establishment(status="pending", name="EHPAD Saint-Joseph")
    member = factories.user("member", establishment=pending)
    services.change_status(staff, pending.id, "approve")
    assert outbox.last_to(member.email)["Subject"] == "Adhésion d'EHPAD Saint-Joseph validée"
