"""Public pages of the pool: the list, a vacancy, the printable list, the feed."""
from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import DomainError
from app.extensions import db
from app.forms import query_args
from app.permissions import can_view_vacancy
from app.pool import expiry, export, queries
from app.pool.blueprint import bp
from app.pool.forms import FilterForm
from app.pool.lifecycle import VACANCY
from app.pool.models import Vacancy
from app.forms import ActionForm
from app.timeutil import local_today, utcnow

FEED_SIZE = 50
PRINT_SIZE = 200


def load_visible(vacancy_id):
    """The vacancy if the current user may see it; 404 otherwise, so nothing leaks."""
    vacancy = db.get_or_404(Vacancy, vacancy_id)
    if not can_view_vacancy(current_user, vacancy):
        abort(404)
    return vacancy


def filter_form():
    form = FilterForm(formdata=request.args)
    form.validate()
    return form


@bp.route("/")
def index():
    form = filter_form()
    page = queries.paginate(queries.filtered(form.filters()), request.args.get("page", 1, int))
    return render_template("pool/vacancy_list.html", form=form, page=page, args=query_args(form))


@bp.route("/<int:vacancy_id>")
def detail(vacancy_id):
    vacancy = load_visible(vacancy_id)
    return render_template("pool/vacancy_detail.html", vacancy=vacancy, form=ActionForm(),
                           actions=VACANCY.actions(vacancy, current_user),
                           job_posting=export.job_posting(vacancy) if vacancy.is_public else None)


@bp.route("/print")
def print_list():
    form = filter_form()
    vacancies = db.session.scalars(queries.filtered(form.filters()).limit(PRINT_SIZE)).all()
    return render_template("pool/vacancy_print.html", vacancies=vacancies, today=local_today())


@bp.route("/feed.atom")
def feed():
    vacancies = db.session.scalars(queries.filtered({}).limit(FEED_SIZE)).all()
    response = make_response(render_template("pool/vacancy_feed.xml", vacancies=vacancies,
                                             now=utcnow()))
    response.mimetype = "application/atom+xml"
    return response


@bp.route("/<int:vacancy_id>/extend/<token>", methods=["GET", "POST"])
def extend(vacancy_id, token):
    """The "still open" link of the expiry reminder: works without logging in."""
    form = ActionForm()
    try:
        vacancy = expiry.read_extension(vacancy_id, token)
        if form.validate_on_submit():
            vacancy = expiry.extend(vacancy_id, token)
            flash(_("Merci : l'offre reste en ligne jusqu'au %(day)s.",
                    day=vacancy.expires_on.strftime("%d/%m/%Y")), "success")
            return redirect(url_for("pool.detail", vacancy_id=vacancy_id))
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for("pool.index"))
    return render_template("pool/vacancy_extend.html", vacancy=vacancy, form=form)
