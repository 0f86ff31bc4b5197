"""Pages and ceremony state shared by the code and passkey views."""
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.mfa import passkeys
from app.mfa.forms import CodeForm, PasskeyForm

NO_STORE = {"Cache-Control": "no-store"}
CHALLENGE = "webauthn_challenge"


def relying_party():
    """This site's host name (the passkeys' scope) and the origin the browser reports."""
    return urlsplit(request.host_url).hostname, request.host_url.rstrip("/")


def remember_challenge(options_json, challenge):
    """Keep a ceremony's challenge in the session; return its options for the page."""
    session[CHALLENGE] = challenge.hex()
    return options_json


def take_challenge():
    """The challenge of the ceremony under way, usable once."""
    value = session.pop(CHALLENGE, None)
    return bytes.fromhex(value) if isinstance(value, str) else b""


def verify_page(user, form=None, passkey_form=None, status=200):
    """The login's second step: a code, or a passkey when the account has one."""
    options = None
    if passkeys.of_user(user.id):
        options = remember_challenge(*passkeys.authentication_options(
            user.id, relying_party()[0]))
    return render_template("mfa/verify.html", user=user, form=form or CodeForm(),
                           passkey_form=passkey_form or PasskeyForm(),
                           options=options), status, NO_STORE


def codes_or_index(codes):
    """New recovery codes, shown once; or back to the account's security page."""
    if codes:
        return render_template("mfa/recovery_codes.html", codes=codes), NO_STORE
    return redirect(url_for("mfa.index"))


def restart_login():
    """The second step without a pending login: log in again (or go home when logged in)."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    flash(_("Reconnectez-vous : l'étape du code a expiré."), "info")
    return redirect(url_for("auth.login"))
