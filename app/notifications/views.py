"""Each user chooses which kinds of mail they receive; staff see what was sent."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.extensions import db
from app.notifications import services
from app.notifications.blueprint import bp
from app.notifications.forms import PreferencesForm
from app.notifications.kinds import KINDS
from app.notifications.models import SentMail
from app.permissions import can_moderate, require
from app.security import no_store

PER_PAGE = 50


@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    form = PreferencesForm()
    if form.validate_on_submit():
        services.save_preferences(current_user, set(form.kinds.data or ()))  # none ticked: None
        flash(_("Vos préférences de courriel sont enregistrées."), "success")
        return redirect(url_for("notifications.preferences"))
    if request.method == "GET":
        form.kinds.data = [k for k in KINDS if k not in services.turned_off(current_user.id)]
    return render_template("notifications/preferences.html", form=form)


@bp.route("/sent")
@no_store
@require(can_moderate)
def sent():
    page = db.paginate(select(SentMail).order_by(SentMail.at.desc(), SentMail.id.desc()),
                       per_page=PER_PAGE, error_out=False)
    return render_template("notifications/sent_list.html", page=page)
