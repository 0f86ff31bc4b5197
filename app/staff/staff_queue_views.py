"""The moderation queue: everything that waits, oldest first, decided in place."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import DomainError
from app.permissions import can_moderate, require
from app.staff import queue
from app.staff.blueprint import bp
from app.forms import ActionForm
from app.staff.forms import DecisionRejectForm
from app.timeutil import utcnow

KIND_PATH = "<any(vacancy, profile, training, establishment):kind>/<int:item_id>"


def _item_or_404(kind, item_id):
    try:
        return queue.find(kind, item_id)
    except queue.UnknownItem:
        abort(404)


@bp.route("/")
@require(can_moderate)
def index():
    items = queue.waiting_items()
    return render_template("staff/queue.html", items=items, now=utcnow(), form=ActionForm(),
                           reject_forms={i.key: DecisionRejectForm.for_item(i) for i in items})


@bp.route(f"/queue/{KIND_PATH}")
@require(can_moderate)
def item(kind, item_id):
    found = _item_or_404(kind, item_id)
    return render_template("staff/queue_item.html", item=found, now=utcnow(), form=ActionForm(),
                           reject_form=DecisionRejectForm.for_item(found))


@bp.route(f"/queue/{KIND_PATH}/approve", methods=["POST"])
@require(can_moderate)
def approve(kind, item_id):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        queue.approve(current_user, kind, item_id)
    except DomainError as error:
        flash(str(error), "error")
    else:
        flash(_("Élément approuvé ; son auteur est prévenu."), "success")
    return redirect(url_for("staff.index"))


@bp.route(f"/queue/{KIND_PATH}/reject", methods=["POST"])
@require(can_moderate)
def reject(kind, item_id):
    try:
        found = queue.find(kind, item_id)
    except queue.UnknownItem:
        flash(str(queue.AlreadyHandled()), "error")
        return redirect(url_for("staff.index"))
    form = DecisionRejectForm.for_item(found)
    if not form.validate_on_submit():
        return render_template("staff/queue_item.html", item=found, now=utcnow(),
                               form=ActionForm(), reject_form=form), 400
    try:
        queue.reject(current_user, kind, item_id, form.reason.data, form.comment.data)
    except DomainError as error:
        flash(str(error), "error")
    else:
        flash(_("Élément refusé ; son auteur reçoit le motif et votre commentaire."), "success")
    return redirect(url_for("staff.index"))


@bp.route("/queue/approve", methods=["POST"])
@require(can_moderate)
def approve_many():
    if not ActionForm().validate_on_submit():
        abort(400)
    keys = request.form.getlist("items")
    if not keys:
        flash(_("Cochez au moins un élément à approuver."), "error")
        return redirect(url_for("staff.index"))
    done, errors = queue.approve_many(current_user, keys)
    if done:
        flash(_("%(n)d élément(s) approuvé(s).", n=done), "success")
    for message in errors:
        flash(message, "error")
    return redirect(url_for("staff.index"))
