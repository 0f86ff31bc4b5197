"""An AES of the pool whose AFGSU 2 lapses next month is warned by the daily task, her
employer books her a seat in another member's session that renews it, the organiser
records her presence, and she is eligible again for the night missions needing it."""
import re
from contextlib import contextmanager
from datetime import time, timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from app import timeutil
from app.credentials.models import Credential
from app.extensions import db
from app.replacements import eligibility, expiry
from app.replacements.models import Availability, MissionCredential, SLOTS
from app.timeutil import local, local_today, to_utc, utcnow
from app.training.models import TrainingSession
from tests import factories
from tests.e2e.helpers import DESKTOP, PHONE, log_in, new_tab
from tests.mailbox import Mailbox
from tests.replacements.factories import alerts_mission, alerts_profile


@contextmanager
def on_day(monkeypatch, day):
    """The platform's clock (timeutil.utcnow) moved to `day`, in this block only."""
    real = timeutil.utcnow
    offset = timedelta(days=(day - local_today()).days)
    monkeypatch.setattr(timeutil, "utcnow", lambda: real() + offset)
    try:
        yield
    finally:
        monkeypatch.setattr(timeutil, "utcnow", real)


def fits_the_phone(tab):
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{tab.url} is {width} px wide"


def the_session_took_place(session_id):
    """The session, booked while it was ahead, is moved to yesterday, as the days would."""
    db.session.rollback()  # end the test's own read, to see what the server wrote
    session = db.session.get(TrainingSession, session_id)
    length = session.ends_at - session.starts_at
    session.starts_at = utcnow() - timedelta(days=1, hours=10)
    session.ends_at = session.starts_at + length
    session.dates[0].starts_at, session.dates[0].ends_at = session.starts_at, session.ends_at
    session.registration_deadline = local_today() - timedelta(days=3)
    db.session.commit()


def night_needing_afgsu2(establishment, day, profile):
    """A night of an AES at `establishment` on `day` that requires the AFGSU 2; the
    professional says she is available that night."""
    mission = alerts_mission(establishment, to_utc(day, time(21)), hours=10,
                             occupation="K1301")
    mission.credentials = [MissionCredential(type="AFGSU2")]
    for night in (day, day + timedelta(days=1)):
        db.session.add_all(Availability(profile_id=profile.id, day=night, slot=slot,
                                        level="available") for slot in SLOTS)
    db.session.commit()
    return mission


def test_an_expiring_afgsu2_renewed_through_another_member_s_session(
        browser, live_server, app, monkeypatch, establishment_a, member_a, establishment_b,
        member_b):
    today = local_today()
    expires = (today.replace(day=1) + timedelta(days=32)).replace(day=15)  # next month
    aes = alerts_profile(occupation="K1301", employer=establishment_a, first_name="Inès",
                         last_name="Lemaître", email="ines.lemaitre@example.org")
    old = Credential(holder_id=aes.user_id, type="AFGSU2",
                     obtained_on=expires.replace(year=expires.year - 4), expires_on=expires,
                     verified_at=utcnow(), verified_by_name="Sophie")
    db.session.add(old)
    session = factories.training_session(establishment_b, days_ahead=12,
                                         title="AFGSU 2 — recyclage", grants_credential="AFGSU2")
    night = night_needing_afgsu2(establishment_a, expires + timedelta(days=5), aes)
    ids = dict(session=session.id, credential=old.id, profile=aes.id, mission=night.id)
    aes_email, member_email, organiser_email = (aes.user.email, member_a.email,
                                                member_b.email)
    db.session.commit()

    # The daily task, today then 30 days before the expiry: she is warned each time.
    assert expiry.run() == (1, 0)
    assert expiry.run(today=expires - timedelta(days=30)) == (1, 0)
    mailbox = Mailbox(app.config["OUTBOX"])
    days = (expires - today).days
    assert [message["Subject"] for message in mailbox.to(aes_email)] == [
        f"Votre AFGSU niveau 2 expire dans {days} jour(s)",
        "Votre AFGSU niveau 2 expire dans 30 jour(s)"]

    # Left as it is, she would no longer qualify once it lapsed.
    with on_day(monkeypatch, expires + timedelta(days=2)):
        mission = db.session.get(type(night), ids["mission"])
        assert "credential" in eligibility.refusals(mission, aes)
        assert ids["profile"] not in {c.profile_id for c in eligibility.eligible(mission)}
    db.session.rollback()

    # On her phone, her wallet proposes the session.
    aes_context, phone = new_tab(browser, live_server, PHONE)
    log_in(phone, aes_email)
    expect(phone.get_by_role("status")).to_contain_text("Bienvenue")
    phone.goto("/credentials/")
    expect(phone.get_by_role("heading", name="Formations pour vous")).to_be_visible()
    expect(phone.get_by_text("AFGSU 2 — recyclage")).to_be_visible()
    fits_the_phone(phone)

    # Her employer books her a seat from the renewals page.
    member_context, member = new_tab(browser, live_server, DESKTOP)
    log_in(member, member_email)
    member.goto("/training/renewals")
    expect(member.get_by_role("cell", name=re.compile("AFGSU niveau 2"))).to_be_visible()
    member.get_by_label("Inès Lemaître").check()
    member.get_by_label("Session qui renouvelle leur justificatif").select_option(str(ids["session"]))
    member.get_by_role("button", name="Réserver pour les personnes cochées").click()
    expect(member.get_by_role("status")).to_contain_text("Places confirmées.")
    member_context.close()

    # The session takes place; its organiser, another member, records her presence.
    the_session_took_place(ids["session"])
    organiser_context, organiser = new_tab(browser, live_server, DESKTOP)
    log_in(organiser, organiser_email)
    organiser.goto(f"/training/{ids['session']}/attendance")
    organiser.get_by_label(re.compile("Inès Lemaître")).check()
    organiser.get_by_role("button", name="Enregistrer les présences").click()
    expect(organiser.get_by_role("status")).to_contain_text("Présences enregistrées.")
    organiser_context.close()

    db.session.rollback()
    renewed = db.session.get(Credential, ids["credential"])
    last_day = local(db.session.get(TrainingSession, ids["session"]).ends_at).date()
    assert renewed.obtained_on == last_day
    assert renewed.expires_on == last_day.replace(year=last_day.year + 4)
    assert renewed.state == "valid" and renewed.verified_at is not None
    assert db.session.scalars(select(Credential).where(
        Credential.holder_id == renewed.holder_id, Credential.type == "AFGSU2")).all() == [
        renewed]

    # After her old AFGSU 2 would have lapsed, she is eligible for the night again.
    with on_day(monkeypatch, expires + timedelta(days=2)):
        mission = db.session.get(type(night), ids["mission"])
        profile = db.session.get(type(aes), ids["profile"])
        assert eligibility.refusals(mission, profile) == []
        assert ids["profile"] in {c.profile_id for c in eligibility.eligible(mission)}

    # Her wallet shows it valid, nothing left to renew.
    phone.goto("/credentials/")
    expect(phone.get_by_role("heading", name="Formations pour vous")).to_have_count(0)
    fits_the_phone(phone)
    aes_context.close()
