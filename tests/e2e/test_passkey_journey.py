"""A member obliged to use a second factor registers a passkey and signs in with it,
in Chromium with its virtual authenticator (DevTools' WebAuthn domain)."""
from playwright.sync_api import expect

from app.mfa import policy
from app.mfa.models import Passkey
from app.extensions import db
from tests import factories
from tests.e2e.helpers import log_in, log_out


def virtual_authenticator(page):
    """A platform authenticator that says yes at once, as a fingerprint reader would."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    found = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True,
        "automaticPresenceSimulation": True}})
    return cdp, found["authenticatorId"]


def test_member_registers_a_passkey_then_signs_in_with_it(browser, live_server):
    # WebAuthn refuses an IP address as relying party: the same server, named localhost.
    context = browser.new_context(base_url=live_server.replace("127.0.0.1", "localhost"),
                                  locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = []  # script errors, and anything the CSP blocked
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: "Content Security Policy" in message.text
            and problems.append(message.text))
    cdp, authenticator = virtual_authenticator(page)

    staff = factories.user("staff")
    member = factories.user("member", establishment=factories.establishment(),
                            first_name="Sophie")
    policy.change_setting(staff, policy.REQUIRED, True)

    log_in(page, member.email)
    expect(page).to_have_url(f"{page.url.split('/auth')[0]}/auth/2fa")
    page.get_by_role("link", name="Ajouter une clé d'accès").click()
    page.get_by_label("Nom de la clé").fill("Ordinateur du bureau")
    page.get_by_role("button", name="Créer la clé d'accès").click()
    expect(page.get_by_role("heading", name="Vos codes de secours")).to_be_visible()
    assert len(page.locator(".recovery-codes li").all()) == 10
    db.session.commit()  # end the test's read transaction: see what the server wrote
    stored = db.session.scalars(db.select(Passkey)).all()
    assert [key.name for key in stored] == ["Ordinateur du bureau"]
    assert len(cdp.send("WebAuthn.getCredentials",
                        {"authenticatorId": authenticator})["credentials"]) == 1

    page.get_by_role("link", name="J'ai noté mes codes").click()
    log_out(page)
    log_in(page, member.email)
    expect(page.get_by_role("heading", name="Second facteur")).to_be_visible()
    page.get_by_role("button", name="Utiliser ma clé d'accès").click()
    expect(page.get_by_role("status").first).to_contain_text("Bienvenue, Sophie")
    page.goto("/members/team")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/auth/" not in page.url
    db.session.commit()
    assert db.session.scalars(db.select(Passkey)).one().last_used_at is not None
    assert problems == []
    context.close()
