"""Member management: the establishments, their status and charter."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.errors import DomainError
from app.extensions import db
from app.members import services
from app.members.models import MEMBERSHIP, Establishment
from app.permissions import can_moderate, require
from app.staff.blueprint import bp
from app.forms import ActionForm
from app.staff.forms import CharterForm


@bp.route("/establishments")
@require(can_moderate)
def establishments():
    status = request.args.get("status")
    query = select(Establishment).options(selectinload(Establishment.users)) \
        .order_by(Establishment.name)
    if status in MEMBERSHIP.states:
        query = query.where(Establishment.status == status)
    return render_template("staff/establishment_list.html", status=status,
                           establishments=db.session.scalars(query).all(),
                           statuses=MEMBERSHIP.states)


@bp.route("/establishments/<int:establishment_id>")
@require(can_moderate)
def establishment(establishment_id):
    item = db.get_or_404(Establishment, establishment_id)
    return render_template("staff/establishment_detail.html", establishment=item,
                           form=ActionForm(), charter_form=CharterForm(
                               signed_on=item.charter_signed_on))


# A request is approved (or refused) in the moderation queue only (staff_queue_views).
@bp.route("/establishments/<int:establishment_id>/<any(suspend, reactivate):action>",
          methods=["POST"])
@require(can_moderate)
def establishment_status(establishment_id, action):
    db.get_or_404(Establishment, establishment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        item = services.change_status(current_user, establishment_id, action)
    except DomainError as error:
        flash(str(error), "error")
    else:
        flash(_("« %(name)s » : %(status)s.", name=item.name, status=item.status_label),
              "success")
    return redirect(url_for("staff.establishment", establishment_id=establishment_id))


@bp.route("/establishments/<int:establishment_id>/charter", methods=["POST"])
@require(can_moderate)
def establishment_charter(establishment_id):
    item = db.get_or_404(Establishment, establishment_id)
    form = CharterForm()
    if not form.validate_on_submit():
        return render_template("staff/establishment_detail.html", establishment=item,
                               form=ActionForm(), charter_form=form), 400
    try:
        services.set_charter_date(current_user, establishment_id, form.signed_on.data)
    except DomainError as error:
        flash(str(error), "error")
    else:
        flash(_("Date de signature de la charte enregistrée."), "success")
    return redirect(url_for("staff.establishment", establishment_id=establishment_id))
