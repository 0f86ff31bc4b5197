"""The signed-in account's second factors (authenticator app, passkeys, recovery codes),
and the password asked again before a sensitive action.

The passkey page carries its ceremony's options in a data- attribute; the challenge is
kept in the signed session and used once. app/static/js/passkeys.js asks the browser
for the credential, puts its JSON into the form and submits it.
"""
import json

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import DomainError, TooManyAttempts
from app.forms import ActionForm
from app.mfa import flow, passkeys, policy, recovery, services, totp
from app.mfa.blueprint import bp
from app.mfa.forms import CodeForm, PasskeyForm, PasswordConfirmForm
from app.mfa.guards import recent_password_required
from app.mfa.pages import (NO_STORE, codes_or_index, relying_party, remember_challenge,
                           take_challenge)
from app.permissions import can_change_password, require
from app.security import client_address, safe_next


@bp.route("/2fa")
@require(can_change_password)
def index():
    return render_template(
        "mfa/index.html", form=ActionForm(), passkeys=passkeys.of_user(current_user.id),
        totp=totp.factor_of(current_user.id), remaining=recovery.remaining(current_user.id),
        has_factor=policy.has_factor(current_user.id),
        obliged=policy.must_have_factor(current_user))


@bp.route("/2fa/totp", methods=["GET", "POST"])
@require(can_change_password)
@recent_password_required
def totp_setup():
    form = CodeForm()
    if form.validate_on_submit():
        try:
            codes = services.confirm_totp(current_user, form.code.data)
        except DomainError as error:
            form.code.errors.append(str(error))
        else:
            flash(_("Application d'authentification activée."), "success")
            return codes_or_index(codes)
    pending = totp.factor_of(current_user.id, confirmed=False)
    if pending is None or request.method == "GET":
        pending = services.start_totp(current_user)
    secret = totp.secret_of(pending)
    return render_template(
        "mfa/totp_setup.html", form=form, secret=totp.formatted(secret),
        qr=totp.qr_data_uri(totp.provisioning_uri(pending, current_user.email)),
        replaces=totp.factor_of(current_user.id) is not None), 400 if form.errors else 200, NO_STORE


@bp.route("/2fa/totp/remove", methods=["POST"])
@require(can_change_password)
@recent_password_required
def totp_remove():
    return _remove(services.remove_totp, current_user)


@bp.route("/2fa/passkeys/<int:passkey_id>/remove", methods=["POST"])
@require(can_change_password)
@recent_password_required
def passkey_remove(passkey_id):
    if passkey_id not in {key.id for key in passkeys.of_user(current_user.id)}:
        abort(404)
    return _remove(services.remove_passkey, current_user, passkey_id)


def _remove(operation, *args):
    if ActionForm().validate_on_submit():
        try:
            operation(*args)
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash(_("Second facteur retiré."), "success")
    return redirect(url_for("mfa.index"))


@bp.route("/2fa/recovery", methods=["POST"])
@require(can_change_password)
@recent_password_required
def recovery_codes():
    if not ActionForm().validate_on_submit():
        return redirect(url_for("mfa.index"))
    try:
        codes = services.regenerate_recovery(current_user)
    except DomainError:
        flash(_("Ajoutez d'abord un second facteur."), "error")
        return redirect(url_for("mfa.index"))
    return codes_or_index(codes)


@bp.route("/confirm", methods=["GET", "POST"])
@require(can_change_password)
def confirm_password():
    form = PasswordConfirmForm()
    target = safe_next(request.args.get("next")) or url_for("mfa.index")
    if form.validate_on_submit():
        try:
            services.confirm_password(current_user, form.password.data, client_address())
        except TooManyAttempts as error:
            flash(str(error), "error")
            return render_template("mfa/confirm_password.html", form=form), 429
        except DomainError as error:
            form.password.errors.append(str(error))
        else:
            flow.note_password()
            return redirect(target)
    return render_template("mfa/confirm_password.html", form=form), 400 if form.errors else 200


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
