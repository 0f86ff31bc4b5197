"""The bank as members see it: the filtered list, a profile, its PDF, contact."""
from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.cv import files, queries, services
from app.cv.blueprint import bp
from app.cv.forms import ContactForm, FilterForm
from app.cv.models import CandidateProfile
from app.extensions import db
from app.forms import query_args
from app.permissions import can_browse_cv_bank, can_contact_candidate, can_view_cv, require
from app.pool.queries import paginate


def load_visible(profile_id):
    """The profile if the current user may see it; 404 otherwise, so nothing leaks."""
    profile = db.get_or_404(CandidateProfile, profile_id)
    if not can_view_cv(current_user, profile):
        abort(404)
    return profile


def _recorded(profile, kind):
    """Log the access; 404 when the right went away since the page was loaded."""
    try:
        return services.record_access(current_user, profile.id, kind)
    except services.NotAllowed:
        abort(404)


def logged_in_viewer(view):
    """Anonymous visitors log in first, whatever the id."""
    return require(lambda user: True)(view)


@bp.route("/")
@require(can_browse_cv_bank)
def index():
    form = FilterForm(formdata=request.args)
    form.validate()
    page = paginate(queries.filtered(form.filters()), request.args.get("page", 1, int),
                    per_page=queries.PAGE_SIZE)
    return render_template("cv/profile_list.html", form=form, page=page, args=query_args(form))


@bp.route("/<int:profile_id>")
@logged_in_viewer
def detail(profile_id):
    profile = load_visible(profile_id)
    profile = _recorded(profile, "view")
    return render_template("cv/profile_detail.html", profile=profile, contact_form=ContactForm())


@bp.route("/<int:profile_id>/file")
@logged_in_viewer
def file(profile_id):
    profile = load_visible(profile_id)
    if profile.cv_file is None:
        abort(404)
    profile = _recorded(profile, "download")
    source, size = files.open_file(profile.cv_file)  # streamed, from disk or database
    response = send_file(source, mimetype="application/pdf", as_attachment=True,
                         download_name=f"cv-{profile.id}.pdf", max_age=0)
    response.content_length = size
    return response


@bp.route("/<int:profile_id>/contact", methods=["POST"])
@logged_in_viewer
def contact(profile_id):
    profile = load_visible(profile_id)
    if not can_contact_candidate(current_user, profile):
        abort(403)
    form = ContactForm()
    if not form.validate_on_submit():
        return render_template("cv/profile_detail.html", profile=profile,
                               contact_form=form), 400
    try:
        services.contact(current_user, profile.id, form.message.data)
    except services.NotAllowed:
        abort(404)
    flash(_("Message envoyé au candidat : il vous répondra s'il le souhaite."), "success")
    return redirect(url_for("cv.detail", profile_id=profile.id))
