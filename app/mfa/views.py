"""The account's second factors, the login's second step, the password asked again."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import DomainError, TooManyAttempts
from app.mfa import flow, passkeys, policy, recovery, services, totp
from app.mfa.blueprint import bp
from app.mfa.forms import CodeForm, PasswordConfirmForm
from app.mfa.guards import recent_password_required
from app.mfa.pages import NO_STORE, codes_or_index, restart_login, verify_page
from app.permissions import can_change_password, require
from app.security import client_address, safe_next
from app.forms import ActionForm

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


@bp.route("/2fa/verify", methods=["GET", "POST"])
def verify():
    user = flow.pending_user()
    if user is None:
        return restart_login()
    form = CodeForm()
    if form.validate_on_submit():
        try:
            user, how = services.check_second_step(user.id, form.code.data, client_address())
        except TooManyAttempts as error:
            flash(str(error), "error")
            return verify_page(user, status=429)
        except DomainError as error:
            form.code.errors.append(str(error))
        else:
            notice = _("Code de secours utilisé : il vous en reste %(n)d.",
                       n=recovery.remaining(user.id)) if how == "recovery" else None
            return flow.complete(user, flow.pending_target(), notice)
    return verify_page(user, form, status=400 if form.errors else 200)


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
