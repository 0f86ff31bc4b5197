"""The login's second step, for an account half-way in (its password typed, not yet
signed in): a code from the authenticator app or a recovery code, or a passkey."""
from flask import flash
from flask_babel import gettext as _

from app.errors import DomainError, TooManyAttempts
from app.mfa import flow, recovery, services
from app.mfa.blueprint import bp
from app.mfa.forms import CodeForm, PasskeyForm
from app.mfa.pages import relying_party, restart_login, take_challenge, verify_page
from app.security import client_address


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
