"""The signed-in account: log out (everywhere), change the password."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from app.auth import services
from app.auth.blueprint import bp
from app.auth.forms import ChangePasswordForm
from app.errors import DomainError
from app.mfa import flow as twofactor
from app.permissions import can_change_password, require
from app.security import clear_session


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        services.end_sessions(current_user)
        logout_user()
    clear_session()
    flash(_("Vous êtes déconnecté(e)."), "success")
    return redirect(url_for("main.index"))


@bp.route("/password", methods=["GET", "POST"])
@require(can_change_password)
def change_password():
    form = ChangePasswordForm(account_email=current_user.email)
    if form.validate_on_submit():
        try:
            user = services.change_password(current_user, form.current.data, form.password.data)
        except DomainError as error:
            form.current.errors.append(str(error))
        else:
            twofactor.start_session(user)
            flash(_("Mot de passe changé. Vos autres sessions sont fermées."), "success")
            return redirect(url_for("main.index"))
    return render_template("auth/change_password.html", form=form)
