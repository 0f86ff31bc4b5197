"""On a phone: a member posts a night mission, an available AES of the pool is alerted by
mail, accepts from the mail's link, the member sees the mission filled and, once the night
is over, confirms the hours."""
import re
from datetime import timedelta

from playwright.sync_api import expect
from app.extensions import db
from app.replacements.models import Mission
from app.timeutil import local_today
from tests import factories
from tests.e2e.helpers import PHONE, log_in, new_tab
from tests.mailbox import Mailbox
from tests.replacements.factories import alerts_profile


def fits_the_phone(tab):
    """No page of the journey scrolls sideways at 390 px."""
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{tab.url} is {width} px wide"


def the_night_is_over(mission_id):
    """Two days pass: the mission's shifts move into the past, as the clock would take them."""
    two_days = timedelta(days=2)
    db.session.rollback()  # end the test's own read, to see what the server wrote
    mission = db.session.get(Mission, mission_id)
    for shift in mission.shifts:
        shift.starts_at -= two_days
        shift.ends_at -= two_days
    mission.starts_at -= two_days
    mission.ends_at -= two_days
    mission.fill_by -= two_days
    db.session.commit()


def test_a_night_mission_from_post_to_hours_on_a_phone(browser, live_server, app,
                                                      establishment_a, member_a):
    night = local_today() + timedelta(days=1)
    aes = alerts_profile(occupation="K1301", on=night, employer=establishment_a,
                         first_name="Inès", last_name="Lemaître",
                         email="ines.lemaitre@example.org")
    alerts_profile(occupation="K1301", level="unavailable", on=night,
                          email="absente@example.org")
    member_email, aes_email = member_a.email, aes.user.email
    db.session.commit()  # the test holds no transaction while the server works

    member_context, member = new_tab(browser, live_server, PHONE)
    log_in(member, member_email)
    expect(member.get_by_role("status")).to_contain_text("Bienvenue")
    member.goto("/replacements/manage/missions/new")
    fits_the_phone(member)
    member.get_by_label("Métier").select_option("K1301")
    member.get_by_label("Commune du lieu").fill("Vire Normandie (14500)")
    member.locator("#shifts-0-day").fill(night.isoformat())
    member.locator("#shifts-0-start").fill("21:00")
    member.locator("#shifts-0-end").fill("07:00")
    member.locator("#shifts-0-next_day").check()
    member.get_by_label("Qui prend la mission").select_option("first")
    member.get_by_role("button", name="Publier et prévenir").click()
    expect(member.get_by_role("status")).to_contain_text("les personnes disponibles sont prévenues")
    mission_url = member.url
    mission_id = int(re.search(r"/missions/(\d+)", mission_url).group(1))
    fits_the_phone(member)

    mailbox = Mailbox(app.config["OUTBOX"])
    assert mailbox.to("absente@example.org") == []  # unavailable that night: not alerted
    body = Mailbox.body(mailbox.last_to(aes_email))
    link = re.search(r"https?://\S+(/replacements/a/[\w-]+)", body).group(1)

    aes_context, phone = new_tab(browser, live_server, PHONE)
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Mission proposée")).to_be_visible()
    fits_the_phone(phone)
    phone.get_by_role("link", name="Me connecter pour répondre").click()
    phone.get_by_label("Adresse e-mail").fill(aes_email)
    phone.get_by_label("Mot de passe").fill(factories.PASSWORD)
    phone.get_by_role("button", name="Se connecter").click()
    expect(phone).to_have_url(re.compile(re.escape(link) + "$"))
    phone.get_by_role("button", name="J'accepte la mission").click()
    expect(phone.get_by_text("Vous avez accepté cette mission.")).to_be_visible()
    fits_the_phone(phone)

    member.goto(mission_url)
    expect(member.get_by_role("heading", name="Personne retenue")).to_be_visible()
    expect(member.get_by_text("Inès Lemaître")).to_be_visible()
    expect(member.get_by_text("Pourvue").first).to_be_visible()
    assert member.get_by_role("link", name="Confirmer les heures").count() == 0  # not yet

    the_night_is_over(mission_id)
    member.reload()
    member.get_by_role("link", name="Confirmer les heures").click()
    fits_the_phone(member)
    member.get_by_label("Heures").fill("9")
    member.get_by_label("Minutes").fill("30")
    member.get_by_role("button", name="Confirmer", exact=True).click()
    expect(member.get_by_role("status")).to_contain_text("Heures confirmées.")
    expect(member.get_by_text("9 h 30 effectuées")).to_be_visible()
    expect(member.get_by_text("Réalisée").first).to_be_visible()
    fits_the_phone(member)
    member_context.close()
    aes_context.close()
