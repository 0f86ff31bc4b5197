"""The candidate answers a shared CV through the mailed link: consent, refusal, account.

Anyone holding the link reaches these pages, signed in or not: the link is the right.
"""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_user

from app.auth.forms import InvitationForm
from app.cv import sharing
from app.cv.blueprint import bp
from app.cv.lifecycle import CONSENT_TEXT
from app.errors import DomainError, InvalidToken
from app.forms import ActionForm


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
    try:
        (sharing.refuse if answer == "refuse" else sharing.consent)(token)
    except InvalidToken:  # refused, claimed or erased since the page was shown
        abort(404)
    if answer == "refuse":
        flash(_("C'est noté : votre CV et vos coordonnées sont supprimés."), "success")
        return redirect(url_for("main.index"))
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
