"""A channel registered at import (as push will be) appears in "Mes notifications" and
gets the messages of the kinds a person chose for it."""
import pytest
from flask_babel import lazy_gettext as _l

from app.notifications.channels import CHANNELS, register
from app.notifications.kinds import KINDS
from app.notifications.policy import notify
from app.notifications.services import save_preferences
from tests import factories


class Pigeon:
    NAME = "pigeon"
    LABEL = _l("Pigeon voyageur")
    DEFAULT = False
    delivered = []

    @staticmethod
    def reaches(user):
        return user.first_name != "Sans-pigeon"

    @staticmethod
    def deliver(user, message):
        Pigeon.delivered.append((user.email, message.kind, message.url))


@pytest.fixture
def pigeon():
    Pigeon.delivered = []
    register(Pigeon)
    yield Pigeon
    CHANNELS.pop("pigeon")


def test_a_registered_channel_is_offered_for_every_kind(client, auth, candidate, pigeon):
    auth.login(candidate)
    page = client.get("/notifications/preferences").text
    assert page.count('value="pigeon"') == len(KINDS) and "Pigeon voyageur" in page
    client.post("/notifications/preferences", data={"kind_moderation": ["pigeon"]})
    with client.application.test_request_context():
        profile = factories.cv_profile(candidate, with_file=False)
        rows = notify(candidate.email, "cv_approved", profile=profile)
    assert [r.channel for r in rows] == ["pigeon"]
    assert pigeon.delivered == [(candidate.email, "moderation", "http://localhost/cv/me")]


def test_a_channel_that_does_not_reach_the_person_is_skipped(app, pigeon):
    user = factories.user(first_name="Sans-pigeon")
    save_preferences(user, {"moderation": {"pigeon"}})
    with app.test_request_context():
        profile = factories.cv_profile(user, with_file=False)
        assert notify(user.email, "cv_approved", profile=profile) == []


def test_web_push_is_offered_for_every_kind_with_the_way_to_turn_it_on(client, auth, candidate):
    auth.login(candidate)
    page = client.get("/notifications/preferences").text
    assert page.count('value="push"') == len(KINDS) and "Notification sur ce téléphone" in page
    assert 'href="/push/devices"' in page
