"""Mes notifications: each user chooses the channels of each kind of message, and a mobile."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.notifications import services
from app.notifications.blueprint import bp
from app.notifications.channels import CHANNELS
from app.notifications.forms import chosen, preferences_form
from app.notifications.kinds import KINDS
from app.notifications.sms import normalize_mobile


@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    current = services.choices(current_user.id)
    form = preferences_form(mobile_phone=current_user.mobile_phone,
                            **{f"kind_{kind}": sorted(names) for kind, names in current.items()})
    if form.validate_on_submit():
        services.save_preferences(current_user, chosen(form),
                                  normalize_mobile(form.mobile_phone.data))
        flash(_("Vos préférences de notification sont enregistrées."), "success")
        return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form, kinds=KINDS,
                           channels=CHANNELS, user=current_user)
