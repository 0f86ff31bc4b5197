"""The candidate's own space: profile, CV, visibility, who looked, export, erasure;
the offers fitting their profile, and applying to one."""
import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from app.cv import applications, files, matching, privacy, services
from app.cv.blueprint import bp
from app.cv.forms import ApplyForm, ConsentForm, DeleteForm, ProfileForm, UploadForm
from app.errors import DomainError
from app.errors_views import render_error
from app.extensions import db
from app.forms import ActionForm
from app.mfa.guards import recent_password_required
from app.permissions import can_apply, can_manage_own_cv, require
from app.pool.models import Vacancy


def render_space(profile_form=None, upload_form=None, consent_form=None, status=200):
    """The /cv/me page, with whichever form was just submitted."""
    profile = services.profile_of(current_user)
    return render_template(
        "cv/profile_me.html", profile=profile,
        profile_form=profile_form or ProfileForm(obj=profile),
        upload_form=upload_form or UploadForm(),
        consent_form=consent_form or ConsentForm(), form=ActionForm(),
        applications=applications.of_candidate(current_user)), status


@bp.route("/me", methods=["GET", "POST"])
@require(can_manage_own_cv)
def me():
    form = ProfileForm()
    if request.method == "GET":
        return render_space()
    if not form.validate_on_submit():
        return render_space(profile_form=form, status=400)
    services.save_profile(current_user, {name: form[name].data
                                         for name in services.PROFILE_FIELDS})
    flash(_("Profil enregistré. L'association le vérifie avant qu'il n'entre dans la "
            "CVthèque."), "success")
    return redirect(url_for("cv.me"))


@bp.route("/me/upload", methods=["POST"])
@require(can_manage_own_cv)
def upload():
    form = UploadForm()
    if not form.validate_on_submit():
        return render_space(upload_form=form, status=400)
    try:
        services.upload_cv(current_user, form.cv.data)
    except DomainError as error:
        form.cv.errors.append(str(error))
        return render_space(upload_form=form, status=files.status_of(error))
    flash(_("CV enregistré."), "success")
    return redirect(url_for("cv.me"))


@bp.errorhandler(413)
def too_large(error):
    """A body above MAX_CONTENT_LENGTH never reaches the view: same words as the check."""
    return render_error(413, _("Fichier trop volumineux"),
                        _("Le fichier dépasse 5 Mo : envoyez un PDF plus léger."))


@bp.route("/me/visibility", methods=["POST"])
@require(can_manage_own_cv)
def visibility():
    form = ConsentForm()
    if not form.validate_on_submit():
        return render_space(consent_form=form, status=400)
    try:
        services.show_in_bank(current_user)
    except DomainError as error:
        flash(str(error), "error")
    else:
        flash(_("Merci : votre profil sera visible des membres après vérification."),
              "success")
    return redirect(url_for("cv.me"))


def _simple_action(action, message):
    if not ActionForm().validate_on_submit():
        return render_space(status=400)
    try:
        action(current_user)
    except DomainError as error:
        flash(str(error), "error")
    else:
        flash(message, "success")
    return redirect(url_for("cv.me"))


@bp.route("/me/withdraw", methods=["POST"])
@require(can_manage_own_cv)
def withdraw():
    return _simple_action(services.withdraw,
                          _("Votre profil est retiré de la CVthèque : plus aucun membre ne le voit."))


@bp.route("/me/keep", methods=["POST"])
@require(can_manage_own_cv)
def keep():
    return _simple_action(services.keep, _("Merci : vos données sont conservées deux ans de plus."))


@bp.route("/me/views")
@require(can_manage_own_cv)
def views():
    profile = services.profile_of(current_user)
    return render_template("cv/access_list.html", accesses=profile.accesses if profile else [])


@bp.route("/me/export")
@require(can_manage_own_cv)
@recent_password_required
def export():
    data = privacy.export(current_user)
    return send_file(io.BytesIO(data), mimetype="application/zip",
                     as_attachment=True, download_name="mes-donnees-gtec.zip",
                     max_age=0)


@bp.route("/me/delete", methods=["GET", "POST"])
@require(can_manage_own_cv)
def delete():
    form = DeleteForm()
    if form.validate_on_submit():
        try:
            privacy.delete_account(current_user, form.password.data)
        except DomainError as error:
            form.password.errors.append(str(error))
        else:
            logout_user()
            flash(_("Votre compte et toutes vos données sont supprimés."), "success")
            return redirect(url_for("main.index"))
    return render_template("cv/account_delete.html", form=form), 400 if form.errors else 200


@bp.route("/me/offers")
@require(can_manage_own_cv)
def offers():
    profile = services.profile_of(current_user)
    ready = profile is not None and bool(profile.occupations)
    return render_template("cv/offer_list.html", profile=profile, ready=ready,
                           matches=matching.offers_for(profile) if ready else [])


# The vacancy page (pool, below cv) asks through the template whether one already applied.
bp.add_app_template_global(applications.application_of, "application_of")


@bp.route("/apply/<int:vacancy_id>", methods=["GET", "POST"])
@require(can_apply)
def apply(vacancy_id):
    vacancy = db.get_or_404(Vacancy, vacancy_id)
    if not vacancy.is_public:
        abort(404)
    form = ApplyForm()
    if form.validate_on_submit():
        try:
            applications.submit(current_user, vacancy_id, form.message.data or "")
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash(_("Candidature envoyée. Suivez-la dans votre espace."), "success")
            return redirect(url_for("cv.me"))
    return render_template("cv/application_form.html", vacancy=vacancy, form=form), \
        400 if form.errors else 200
