"""The employers handling the applications they receive (staff read them)."""
from flask import abort, request, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.cv import applications
from app.cv.blueprint import bp
from app.cv.forms import InterviewForm, MoveForm
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
    return _list_page(vacancy)


def _interview_form(application_id, formdata=None):
    """The interview form of one application (its own field names and ids)."""
    return InterviewForm(formdata=formdata, prefix=f"interview-{application_id}")


def _list_page(vacancy, failed=None, failed_for=None, status=200):
    """The applications to `vacancy`; `failed`: the interview form of application
    `failed_for`, with its errors."""
    def interview_form(application):
        return failed if application.id == failed_for else _interview_form(application.id)
    return render_template("cv/application_list.html", vacancy=vacancy, form=MoveForm(),
                           interview_form=interview_form, failed=failed,
                           applications=applications.of_vacancy(current_user, vacancy.id),
                           lifecycle=APPLICATION), status


@bp.route("/applications/<int:application_id>/<any(contact, interview, hire, decline):action>",
          methods=["POST"])
@require(lambda user: user.is_authenticated)
def move(application_id, action):
    application = db.get_or_404(Application, application_id)
    if not can_handle_application(current_user, application):
        abort(404)
    form = MoveForm()
    interview = _interview_form(application_id, request.form) if action == "interview" else None
    if interview is not None and not interview.validate():
        return _list_page(application.vacancy, interview, application_id, status=400)
    if not form.validate_on_submit() or (action == "decline" and not form.reason.data):
        flash(_("Choisissez le motif pour lequel la candidature n'est pas retenue."), "error")
    else:
        try:
            applications.move(current_user, application_id, action,
                              reason=form.reason.data if action == "decline" else None,
                              fill_vacancy=form.fill_vacancy.data,
                              interview=interview.details if interview else None)
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash(_("Candidature mise à jour : le candidat est prévenu par e-mail."), "success")
    return redirect(url_for("cv.vacancy_applications", vacancy_id=application.vacancy_id))
