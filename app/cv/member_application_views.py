"""The employers handling the applications they receive (staff read them)."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.cv import applications
from app.cv.blueprint import bp
from app.cv.forms import MoveForm
from app.cv.lifecycle import APPLICATION
from app.cv.models import Application
from app.errors import DomainError
from app.extensions import db
from app.permissions import can_handle_application, can_view_applications, require
from app.pool.models import Vacancy


@bp.route("/applications/vacancy/<int:vacancy_id>")
@require(lambda user: user.is_authenticated)
def vacancy_applications(vacancy_id):
    vacancy = db.get_or_404(Vacancy, vacancy_id)
    if not can_view_applications(current_user, vacancy):
        abort(404)
    return render_template("cv/application_list.html", vacancy=vacancy, form=MoveForm(),
                           applications=applications.of_vacancy(current_user, vacancy_id),
                           lifecycle=APPLICATION)


@bp.route("/applications/<int:application_id>/<any(contact, interview, hire, decline):action>",
          methods=["POST"])
@require(lambda user: user.is_authenticated)
def move(application_id, action):
    application = db.get_or_404(Application, application_id)
    if not can_handle_application(current_user, application):
        abort(404)
    form = MoveForm()
    if not form.validate_on_submit() or (action == "decline" and not form.reason.data):
        flash(_("Choisissez le motif pour lequel la candidature n'est pas retenue."), "error")
    else:
        try:
            applications.move(current_user, application_id, action,
                              reason=form.reason.data if action == "decline" else None,
                              fill_vacancy=form.fill_vacancy.data)
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash(_("Candidature mise à jour : le candidat est prévenu par e-mail."), "success")
    return redirect(url_for("cv.vacancy_applications", vacancy_id=application.vacancy_id))
