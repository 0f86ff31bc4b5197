"""Each user chooses the channels of each kind of message; staff see what was sent and failed."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app import tasks
from app.extensions import db
from app.forms import ActionForm
from app.notifications import delivery, services
from app.notifications.blueprint import bp
from app.notifications.channels import CHANNELS
from app.notifications.forms import chosen, preferences_form
from app.notifications.kinds import KINDS
from app.notifications.models import SentMessage
from app.notifications.sms import normalize_mobile
from app.permissions import can_moderate, require
from app.security import no_store

PER_PAGE = 50


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


@bp.route("/sent")
@no_store
@require(can_moderate)
def sent():
    page = db.paginate(select(SentMessage).order_by(SentMessage.at.desc(), SentMessage.id.desc()),
                       per_page=PER_PAGE, error_out=False)
    return render_template("notifications/sent_list.html", page=page)


@bp.route("/failed")
@no_store
@require(can_moderate)
def failed():
    messages = db.session.scalars(select(SentMessage).where(
        SentMessage.status.in_(("failed", "refused"))).order_by(SentMessage.id.desc())
        .limit(PER_PAGE)).all()
    return render_template("notifications/failed_list.html", messages=messages,
                           failed_tasks=tasks.failed_tasks(PER_PAGE), form=ActionForm())


@bp.route("/failed/<int:message_id>/retry", methods=["POST"])
@require(can_moderate)
def retry(message_id):
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    if delivery.retry_one(message_id):
        flash(_("Le message est de nouveau en file d'envoi."), "success")
    else:
        flash(_("Ce message ne peut pas être renvoyé."), "error")
    return redirect(url_for("notifications.failed"))
