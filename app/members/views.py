"""Public member list and charter; joining; a member's team page."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.signup import check_your_mail
from app.errors import DomainError, TooManyAttempts
from app.members import services
from app.members.blueprint import bp
from app.members.forms import InviteForm, JoinForm
from app.permissions import can_invite_users, is_member, require
from app.security import client_address, no_store

ESTABLISHMENT_FIELDS = ("name", "kind", "siret", "finess", "address", "postcode",
                        "commune", "phone")
USER_FIELDS = ("email", "password", "first_name", "last_name")


@bp.route("/")
def index():
    return render_template("members/establishment_list.html",
                           establishments=services.active_members())


@bp.route("/charter")
def charter():
    return render_template("members/charter.html")


@bp.route("/join", methods=["GET", "POST"])
def join():
    form = JoinForm()
    if form.validate_on_submit():
        data = form.data
        try:
            services.request_membership(
                {name: data[name] or None for name in ESTABLISHMENT_FIELDS},
                {name: data[name] for name in USER_FIELDS}, client_address())
        except TooManyAttempts as error:
            flash(str(error), "error")
            return render_template("members/join.html", form=form), 429
        except DomainError as error:
            form.siret.errors.append(str(error))
        else:
            flash(check_your_mail(form.email.data), "success")
            return redirect(url_for("main.index"))
    return render_template("members/join.html", form=form)


@bp.route("/team")
@no_store
@require(is_member)
def team():
    return render_template("members/team.html", establishment=current_user.establishment,
                           form=InviteForm())


@bp.route("/invite", methods=["POST"])
@require(can_invite_users)
def invite():
    form = InviteForm()
    if form.validate_on_submit():
        try:
            services.invite(current_user, form.email.data, client_address())
        except TooManyAttempts as error:
            form.email.errors.append(str(error))
            return render_template("members/team.html", form=form,
                                   establishment=current_user.establishment), 429
        except DomainError as error:
            form.email.errors.append(str(error))
        else:
            flash(_("Invitation envoyée à %(email)s.", email=form.email.data), "success")
            return redirect(url_for("members.team"))
    return render_template("members/team.html", establishment=current_user.establishment,
                           form=form), 400
