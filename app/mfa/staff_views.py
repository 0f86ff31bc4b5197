"""The back-office: the "second factor required" setting, and resetting a user's factors."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.models import User
from app.errors import DomainError
from app.extensions import db
from app.mfa import passkeys, policy, recovery, services, totp
from app.mfa.blueprint import staff_bp
from app.mfa.forms import SecuritySettingsForm
from app.permissions import can_moderate, require
from app.forms import ActionForm


@staff_bp.route("/settings/security", methods=["GET", "POST"])
@require(can_moderate)
def settings():
    form = SecuritySettingsForm(mfa_required=policy.setting(policy.REQUIRED))
    if form.validate_on_submit():
        try:
            policy.change_setting(current_user, policy.REQUIRED, bool(form.mfa_required.data))
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash(_("Double authentification obligatoire pour les membres et l'équipe.")
                  if form.mfa_required.data else
                  _("Double authentification facultative."), "success")
        return redirect(url_for("mfa_staff.settings"))
    return render_template("mfa/staff_settings.html", form=form), 400 if form.errors else 200


@staff_bp.route("/users/<int:user_id>/second-factor", methods=["GET", "POST"])
@require(can_moderate)
def reset(user_id):
    user = db.get_or_404(User, user_id)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            services.reset_factors(current_user, user_id)
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash(_("Double authentification réinitialisée ; ses sessions sont fermées."),
                  "success")
        return redirect(url_for("staff.user", user_id=user_id))
    if form.errors:
        abort(400)
    return render_template("mfa/staff_reset.html", user=user, form=form,
                           totp=totp.factor_of(user.id), passkeys=passkeys.of_user(user.id),
                           remaining=recovery.remaining(user.id))
