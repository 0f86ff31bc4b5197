"""Members' pages: draft, edit, "Mes offres", submit, close, confirm a share."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required

from app.errors import DomainError
from app.permissions import (can_confirm_share, can_draft_vacancy, can_edit_vacancy,
                             can_withdraw_vacancy, is_member, require)
from app.pool import queries, services
from app.pool.blueprint import bp
from app.pool.forms import VacancyForm
from app.pool.lifecycle import VACANCY
from app.pool.public_views import load_visible
from app.forms import ActionForm

ACTION_MESSAGES = {
    "submit": _l("Offre envoyée à l'association pour modération."),
    "withdraw": _l("Offre retirée."),
    "fill": _l("Offre marquée comme pourvue : bravo !"),
}


def load_editable(vacancy_id, may=can_edit_vacancy):
    """The vacancy if the current user `may` act on it: 404 if hidden to them, else 403."""
    vacancy = load_visible(vacancy_id)
    if not may(current_user, vacancy):
        abort(403)
    return vacancy


def _closed(vacancy):
    """Back to a vacancy that no longer changes, saying why."""
    flash(_("Cette offre est « %(status)s » : elle ne peut plus être modifiée ni retirée.",
            status=vacancy.status_label), "error")
    return redirect(url_for("pool.detail", vacancy_id=vacancy.id))


def _save(form, save):
    """Call `save`; on refusal return None with the message placed for the user.

    A refused share split goes next to its field, a possible duplicate is kept
    in form.duplicates for the page's warning, anything else becomes a flash.
    """
    form.duplicates = ()
    try:
        return save()
    except services.InvalidShares as error:
        form.own_share.errors = [*form.own_share.errors, str(error)]
    except services.PossibleDuplicate as warning:
        form.duplicates = warning.vacancies
    except DomainError as error:
        flash(str(error), "error")
    return None


def _render_form(form, vacancy=None, duplicates=(), status=200):
    return render_template("pool/vacancy_form.html", form=form, vacancy=vacancy,
                           duplicates=duplicates), status


@bp.route("/new", methods=["GET", "POST"])
@require(can_draft_vacancy)
def new():
    form = VacancyForm(co_employers=queries.co_employer_choices(current_user.establishment_id))
    if not form.validate_on_submit():
        return _render_form(form, status=400 if form.is_submitted() else 200)
    vacancy = _save(form, lambda: services.create_draft(
        current_user, form.vacancy_data(), form.share_data(None),
        allow_duplicate=form.confirm_duplicate.data))
    if vacancy is None:  # a possible duplicate is a warning, not an error
        return _render_form(form, duplicates=form.duplicates,
                            status=200 if form.duplicates else 400)
    flash(_("Brouillon enregistré. Envoyez-le à la modération quand il est prêt."), "success")
    return redirect(url_for("pool.detail", vacancy_id=vacancy.id))


@bp.route("/<int:vacancy_id>/edit", methods=["GET", "POST"])
@login_required
def edit(vacancy_id):
    vacancy = load_editable(vacancy_id)
    if not vacancy.is_editable:
        return _closed(vacancy)
    form = VacancyForm(data=None if request.method == "POST" else VacancyForm.values_of(vacancy),
                       co_employers=queries.co_employer_choices(vacancy.establishment_id),
                       original_start=vacancy.start_date)
    if not form.validate_on_submit():
        return _render_form(form, vacancy, status=400 if form.is_submitted() else 200)
    saved = _save(form, lambda: services.update(
        current_user, vacancy_id, form.vacancy_data(), form.share_data(None)))
    if saved is None:
        return _render_form(form, vacancy, status=400)
    flash(_("Offre modifiée : %(status)s.", status=saved.status_label), "success")
    return redirect(url_for("pool.detail", vacancy_id=vacancy_id))


@bp.route("/mine")
@require(is_member)
def mine():
    vacancies = queries.of_establishment(current_user.establishment_id)
    return render_template(
        "pool/vacancy_mine.html", vacancies=vacancies, form=ActionForm(),
        to_confirm=queries.awaiting_confirmation(current_user.establishment_id),
        applications=queries.application_counts([v.id for v in vacancies],
                                                current_user.establishment_id))


@bp.route("/<int:vacancy_id>/withdraw")
@login_required
def withdraw_confirm(vacancy_id):
    vacancy = load_editable(vacancy_id, can_withdraw_vacancy)
    if not VACANCY.can(vacancy, "withdraw", current_user):
        return _closed(vacancy)
    return render_template("pool/vacancy_withdraw.html", vacancy=vacancy, form=ActionForm())


@bp.route("/<int:vacancy_id>/<any(submit, withdraw, fill):action>", methods=["POST"])
@login_required
def act(vacancy_id, action):
    load_editable(vacancy_id, services.CLOSING_RIGHTS.get(action, can_edit_vacancy))
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        if action == "submit":
            services.submit(current_user, vacancy_id)
        else:
            services.close(current_user, vacancy_id, action)
    except DomainError as error:
        flash(str(error), "error")
    else:
        flash(str(ACTION_MESSAGES[action]), "success")
    return redirect(url_for("pool.detail", vacancy_id=vacancy_id))


@bp.route("/<int:vacancy_id>/confirm", methods=["POST"])
@login_required
def confirm(vacancy_id):
    vacancy = load_visible(vacancy_id)
    if not can_confirm_share(current_user, vacancy):
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.confirm_share(current_user, vacancy_id)
    except DomainError as error:
        flash(str(error), "error")
    else:
        flash(_("Votre part du poste partagé est confirmée."), "success")
    return redirect(url_for("pool.detail", vacancy_id=vacancy_id))
