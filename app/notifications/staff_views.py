"""Staff see the message log, the messages and tasks that failed, and send one again."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app import tasks
from app.database import paginate
from app.extensions import db
from app.forms import ActionForm
from app.notifications import delivery
from app.notifications.blueprint import bp
from app.notifications.models import SentMessage
from app.permissions import can_moderate, require
from app.security import no_store

PER_PAGE = 50


@bp.route("/sent")
@no_store
@require(can_moderate)
def sent():
    page = paginate(select(SentMessage).order_by(SentMessage.at.desc(), SentMessage.id.desc()),
                    request.args.get("page", 1, type=int), PER_PAGE)
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
    if not ActionForm().validate_on_submit():
        abort(400)
    if delivery.retry_one(message_id):
        flash(_("Le message est de nouveau en file d'envoi."), "success")
    else:
        flash(_("Ce message ne peut pas être renvoyé."), "error")
    return redirect(url_for("notifications.failed"))
