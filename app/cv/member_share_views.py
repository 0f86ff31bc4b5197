"""Members share a CV they received; the candidate answers through the mailed link
(public_share_views)."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.cv import files, sharing
from app.cv.blueprint import bp
from app.cv.forms import ShareForm
from app.errors import DomainError
from app.permissions import can_share_cv, require


@bp.route("/share", methods=["GET", "POST"])
@require(can_share_cv)
def share():
    form = ShareForm()
    status = 200
    if form.validate_on_submit():
        try:
            sharing.share(current_user, form.email.data, form.occupation.data, form.cv.data)
        except DomainError as error:
            form.cv.errors.append(str(error))
            status = files.status_of(error)
        else:
            flash(_("CV partagé. Le candidat reçoit un e-mail pour donner son accord ; "
                    "en attendant, seul votre établissement le voit."), "success")
            return redirect(url_for("cv.share"))
    elif form.errors:
        status = 400
    return render_template("cv/share_form.html", form=form,
                           shared=sharing.shared_by(current_user.establishment_id)), status
