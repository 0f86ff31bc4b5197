"""The two-tap link of an alert: opening it records opened_at; answering needs the
alerted person's login; anyone else gets 404; "Missions proposées" lists one's own."""
from datetime import time, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.replacements.models import Assignment, Mission, MissionAlert
from app.timeutil import local_today, to_utc, utcnow
from tests.replacements.factories import alerts_mission, alerts_profile


def alert_for(mission, profile, **fields):
    alert = MissionAlert(mission_id=mission.id, profile_id=profile.id, tier=1, wave=1,
                         channels="mail", **fields)
    db.session.add(alert)
    db.session.commit()
    return alert


def reread(alert):
    db.session.expire_all()
    return db.session.get(MissionAlert, alert.id)


TOMORROW = local_today() + timedelta(days=1)
AT_8 = to_utc(TOMORROW, time(8))  # tomorrow 8:00 to 16:00 in Paris


@pytest.fixture
def proposal(establishment_a):
    """A "premier qui accepte" mission tomorrow, proposed to Julie, available then."""
    profile = alerts_profile(on=TOMORROW, first_name="Julie", last_name="Lefèvre")
    mission = alerts_mission(establishment_a, AT_8)
    return alert_for(mission, profile), profile


def test_opening_the_link_records_it_and_answering_asks_to_log_in(client, proposal):
    alert, profile = proposal
    page = client.get(f"/replacements/a/{alert.token}")
    assert page.status_code == 200
    assert "Aide-soignant(e)" in page.text and "Me connecter pour répondre" in page.text
    assert f"/auth/login?next=/replacements/a/{alert.token}" in page.text
    opened = reread(alert).opened_at
    assert opened is not None
    client.get(f"/replacements/a/{alert.token}")
    assert reread(alert).opened_at == opened  # the first opening is kept

    for action in ("take", "decline"):
        answer = client.post(f"/replacements/a/{alert.token}/{action}")
        assert answer.status_code == 302
        assert answer.location == f"/auth/login?next=/replacements/a/{alert.token}"
    assert reread(alert).answer is None


def test_another_account_gets_404_and_leaves_no_trace(client, auth, proposal):
    alert, profile = proposal
    other = alerts_profile()
    auth.login(other.user)
    assert client.get(f"/replacements/a/{alert.token}").status_code == 404
    assert client.post(f"/replacements/a/{alert.token}/take").status_code == 404
    assert client.post(f"/replacements/a/{alert.token}/decline").status_code == 404
    assert client.get("/replacements/a/nimportequoi").status_code == 404
    assert client.get(f"/replacements/a/{'x' * 300}").status_code == 404
    unchanged = reread(alert)
    assert (unchanged.opened_at, unchanged.answer) == (None, None)


def test_the_person_declines_in_two_taps(client, auth, proposal):
    alert, profile = proposal
    auth.login(profile.user)
    page = client.get(f"/replacements/a/{alert.token}")
    assert "J'accepte la mission" in page.text and "Je ne peux pas" in page.text
    answer = client.post(f"/replacements/a/{alert.token}/decline", follow_redirects=True)
    assert "vous ne prenez pas cette mission" in answer.text
    assert "Vous avez décliné cette mission." in answer.text
    declined = reread(alert)
    assert declined.answer == "declined" and declined.answered_at is not None


def test_missions_proposees_lists_ones_own_alerts_open_first(
        client, auth, proposal, establishment_b):
    alert, profile = proposal
    closed = alerts_mission(establishment_b, utcnow() + timedelta(days=2), occupation="J1506")
    closed.status = "unfilled"
    db.session.commit()
    alert_for(closed, profile)
    elsewhere = alerts_mission(establishment_b, utcnow() + timedelta(days=3), occupation="K1302")
    alert_for(elsewhere, alerts_profile())
    auth.login(profile.user)
    page = client.get("/replacements/missions/proposed").text
    assert page.index("Aide-soignant(e)") < page.index("Infirmier")
    assert "Non pourvue" in page and establishment_b.name in page
    assert "Aide à domicile" not in page  # someone else's alert
    assert client.get("/replacements/missions/proposed?page=99999999999999999999").status_code == 200


def test_missions_proposees_need_a_checked_profile(client, auth, candidate, member_a):
    for user in (candidate, member_a):
        auth.login(user)
        assert client.get("/replacements/missions/proposed").status_code == 403
        auth.logout()
    pending = alerts_profile()
    pending.status = "pending"
    db.session.commit()
    auth.login(pending.user)
    assert client.get("/replacements/missions/proposed").status_code == 403


# --- accepting needs r-engine's booking.accept / booking.apply ---------------------

def test_accepting_from_the_link_takes_the_mission_and_the_next_sees_it_filled(
        client, auth, proposal):
    pytest.importorskip("app.replacements.booking")
    alert, profile = proposal
    late = alerts_profile(on=TOMORROW)
    second = alert_for(alert.mission, late)
    auth.login(profile.user)
    client.get(f"/replacements/a/{alert.token}")  # first tap: the link
    taken = client.post(f"/replacements/a/{alert.token}/take", follow_redirects=True)
    assert "la mission est à vous" in taken.text  # second tap
    assert reread(alert).answer == "accepted"
    mission = db.session.get(Mission, alert.mission_id)
    assert mission.status == "filled"
    assert db.session.scalar(select(Assignment.profile_id)) == profile.id
    auth.logout()
    auth.login(late.user)
    refused = client.post(f"/replacements/a/{second.token}/take", follow_redirects=True)
    assert "déjà pourvue" in refused.text
    assert reread(second).answer is None


def test_in_je_valide_the_tap_applies(client, auth, establishment_a):
    pytest.importorskip("app.replacements.booking")
    profile = alerts_profile(on=TOMORROW)
    mission = alerts_mission(establishment_a, AT_8, mode="validate")
    alert = alert_for(mission, profile)
    auth.login(profile.user)
    assert "Je suis disponible" in client.get(f"/replacements/a/{alert.token}").text
    client.post(f"/replacements/a/{alert.token}/take")
    assert reread(alert).answer == "applied"
    assert db.session.scalar(select(Assignment.status)) == "applied"
