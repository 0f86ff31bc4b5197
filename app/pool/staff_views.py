"""Staff moderation of vacancies: the pending list, publish, reject with a reason."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import DomainError
from app.extensions import db
from app.permissions import can_moderate, require
from app.pool import moderation, queries
from app.pool.blueprint import staff_bp
from app.pool.forms import RejectForm
from app.pool.models import Vacancy
from app.forms import ActionForm


@staff_bp.route("/")
@require(can_moderate)
def index():
    return render_template("pool/vacancy_pending.html", vacancies=queries.pending_moderation())


@staff_bp.route("/<int:vacancy_id>")
@require(can_moderate)
def review(vacancy_id):
    vacancy = db.get_or_404(Vacancy, vacancy_id)
    return render_template("pool/vacancy_review.html", vacancy=vacancy, form=ActionForm(),
                           reject_form=RejectForm())


@staff_bp.route("/<int:vacancy_id>/publish", methods=["POST"])
@require(can_moderate)
def publish(vacancy_id):
    db.get_or_404(Vacancy, vacancy_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        moderation.publish(current_user, vacancy_id)
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for("pool_staff.review", vacancy_id=vacancy_id))
    flash(_("Offre publiée."), "success")
    return redirect(url_for("pool_staff.index"))


@staff_bp.route("/<int:vacancy_id>/reject", methods=["POST"])
@require(can_moderate)
def reject(vacancy_id):
    vacancy = db.get_or_404(Vacancy, vacancy_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return render_template("pool/vacancy_review.html", vacancy=vacancy, form=ActionForm(),
                               reject_form=form), 400
    try:
        moderation.reject(current_user, vacancy_id, form.reason.data, form.comment.data)
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for("pool_staff.review", vacancy_id=vacancy_id))
    flash(_("Offre refusée ; l'établissement est prévenu."), "success")
    return redirect(url_for("pool_staff.index"))
