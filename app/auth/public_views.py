"""Log in, sign up, confirm a sign-up or an invitation, reset a forgotten password."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l

from app.auth import services, signup
from app.auth.blueprint import bp
from app.auth.forms import (ConfirmForm, InvitationForm, LoginForm, RegisterForm, ResetForm,
                            ResetRequestForm)
from app.errors import DomainError, EmailTaken, InvalidToken, TooManyAttempts
from app.french import of
from app.members import services as members
from app.mfa import flow as twofactor
from app.security import client_address, safe_next


def home_for(user):
    """Where a user lands after logging in."""
    return url_for("staff.index") if user.role == "staff" else url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data, client_address())
        except TooManyAttempts as error:
            flash(str(error), "error")
            return render_template("auth/login.html", form=form), 429
        except DomainError as error:
            flash(str(error), "error")
        else:  # the second factor's step, when the account has one
            return twofactor.after_password(
                user, safe_next(request.args.get("next")) or home_for(user))
    return render_template("auth/login.html", form=form)


@bp.route("/register", methods=["GET", "POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        details = {"for": "candidate", "first_name": form.first_name.data,
                   "last_name": form.last_name.data}
        try:
            signup.request_signup(form.email.data, form.password.data, client_address(),
                                  details)
        except TooManyAttempts as error:
            flash(str(error), "error")
            return render_template("auth/register.html", form=form), 429
        flash(signup.check_your_mail(form.email.data), "success")
        return redirect(url_for("main.index"))
    return render_template("auth/register.html", form=form)


# what a sign-up link is for: (service, welcome message, where the new user lands,
# the form to go back to when it fails)
CONFIRMATIONS = {
    "candidate": (signup.confirm_registration, _l("Votre compte est créé."), "main.index",
                  "auth.register"),
    "establishment": (members.confirm_membership,
                      _l("Votre demande d'adhésion est envoyée. L'association l'examine et "
                         "vous prévient par e-mail."), "members.team", "members.join"),
}


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token):
    """The link of a sign-up mail: a button (mail scanners open links), then the account."""
    form, back = ConfirmForm(), "auth.register"
    try:
        pending = signup.read_signup(token)
        confirm_signup, welcome, landing, back = CONFIRMATIONS[pending.details["for"]]
        if form.validate_on_submit():
            twofactor.start_session(confirm_signup(token))
            flash(str(welcome), "success")
            return redirect(url_for(landing))
    except EmailTaken as error:
        flash(str(error), "info")
        return redirect(url_for("auth.login"))
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for(back))
    return render_template("auth/signup_confirm.html", form=form, signup=pending)


@bp.route("/reset", methods=["GET", "POST"])
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        try:
            services.request_password_reset(form.email.data, client_address())
        except TooManyAttempts as error:
            flash(str(error), "error")
            return render_template("auth/reset_request.html", form=form), 429
        flash(_("Un courriel vient d'être envoyé à cette adresse : s'il existe un compte, "
                "il contient un lien pour choisir un nouveau mot de passe."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token):
    try:
        form = ResetForm(account_email=services.check_reset_token(token).email)
        if form.validate_on_submit():
            services.reset_password(token, form.password.data)
            flash(_("Votre mot de passe est changé : connectez-vous."), "success")
            return redirect(url_for("auth.login"))
    except InvalidToken as error:
        flash(str(error), "error")
        return redirect(url_for("auth.reset_request"))
    return render_template("auth/reset.html", form=form)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def invitation(token):
    try:
        email, establishment = members.read_invitation(token)
    except InvalidToken:
        abort(404)
    form = InvitationForm(account_email=email)
    if form.validate_on_submit():
        try:
            user = members.accept_invitation(token, form.password.data,
                                             form.first_name.data, form.last_name.data)
        except DomainError as error:
            flash(str(error), "error")
        else:
            twofactor.start_session(user)
            flash(_("Bienvenue dans l'espace %(of_name)s.", of_name=of(establishment.name)),
                  "success")
            return redirect(url_for("members.team"))
    return render_template("auth/invitation.html", form=form, email=email,
                           establishment=establishment)
