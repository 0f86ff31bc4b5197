"""Passkeys: registering one (logged in), and using one for the login's second step.

Each page carries its ceremony's options in a data- attribute; the challenge is
kept in the signed session and used once. app/static/js/passkeys.js asks the
browser for the credential, puts its JSON into the form and submits it.
"""
import json

from flask import flash, render_template
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import DomainError, TooManyAttempts
from app.mfa import flow, passkeys, services
from app.mfa.blueprint import bp
from app.mfa.pages import (codes_or_index, relying_party, remember_challenge, restart_login,
                           take_challenge, verify_page)
from app.mfa.forms import PasskeyForm
from app.mfa.guards import recent_password_required
from app.permissions import can_change_password, require
from app.security import client_address


@bp.route("/2fa/passkeys/new", methods=["GET", "POST"])
@require(can_change_password)
@recent_password_required
def passkey_new():
    form = PasskeyForm()
    if form.validate_on_submit():
        rp_id, origin = relying_party()
        try:
            verified = passkeys.verified_registration(form.credential.data, take_challenge(),
                                                      rp_id, origin)
            codes = services.add_passkey(current_user, verified,
                                         form.name.data or _("Clé d'accès"),
                                         _transports(form.credential.data))
        except DomainError as error:
            form.credential.errors.append(str(error))
        else:
            flash(_("Clé d'accès enregistrée."), "success")
            return codes_or_index(codes)
    options = remember_challenge(*passkeys.registration_options(current_user, relying_party()[0]))
    return render_template("mfa/passkey_new.html", form=form,
                           options=options), 400 if form.errors else 200


def _transports(credential):
    try:
        transports = json.loads(credential)["response"].get("transports") or []
    except (ValueError, KeyError, TypeError, AttributeError):
        return []
    return [str(t)[:20] for t in transports if isinstance(t, str)][:10]


@bp.route("/2fa/verify/passkey", methods=["POST"])
def passkey_login():
    user = flow.pending_user()
    if user is None:
        return restart_login()
    form = PasskeyForm()
    if not form.validate_on_submit():
        return verify_page(user, passkey_form=form, status=400)
    rp_id, origin = relying_party()
    try:
        user = services.check_passkey_step(user.id, form.credential.data, take_challenge(),
                                           rp_id, origin, client_address())
    except TooManyAttempts as error:
        flash(str(error), "error")
        return verify_page(user, status=429)
    except DomainError as error:
        form.credential.errors.append(str(error))
        return verify_page(user, passkey_form=form, status=400)
    return flow.complete(user, flow.pending_target())
