"""Members share a CV they received; the candidate answers through the mailed link."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from app.auth.forms import InvitationForm
from app.cv import files, sharing
from app.cv.blueprint import bp
from app.cv.forms import ShareForm
from app.cv.models import CONSENT_TEXT
from app.errors import DomainError, InvalidToken
from app.permissions import can_share_cv, require
from app.forms import ActionForm


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


def _read(token):
    try:
        return sharing.read_token(token)
    except InvalidToken:
        abort(404)


@bp.route("/consent/<token>")
def consent(token):
    profile = _read(token)
    return render_template("cv/share_consent.html", profile=profile, token=token,
                           consent_text=CONSENT_TEXT)


@bp.route("/consent/<token>/<any(accept, refuse):answer>", methods=["POST"])
def answer(token, answer):
    _read(token)
    if not ActionForm().validate_on_submit():
        abort(400)
    if answer == "refuse":
        sharing.refuse(token)
        flash(_("C'est noté : votre CV et vos coordonnées sont supprimés."), "success")
        return redirect(url_for("main.index"))
    sharing.consent(token)
    flash(_("Merci : votre CV entrera dans la CVthèque après vérification par "
            "l'association."), "success")
    return redirect(url_for("cv.claim", token=token))


@bp.route("/claim/<token>", methods=["GET", "POST"])
def claim(token):
    profile = _read(token)
    form = InvitationForm(account_email=profile.contact_email)
    if form.validate_on_submit():
        try:
            user = sharing.claim(token, form.password.data, form.first_name.data,
                                 form.last_name.data)
        except DomainError as error:
            flash(str(error), "error")
        else:
            login_user(user)
            flash(_("Votre compte est créé : ce profil est désormais le vôtre."), "success")
            return redirect(url_for("cv.me"))
    return render_template("cv/share_claim.html", profile=profile, form=form)
