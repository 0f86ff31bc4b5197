"""A member's pages of its establishment: the team, inviting a colleague."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import DomainError, TooManyAttempts
from app.members import services
from app.members.blueprint import bp
from app.members.forms import InviteForm
from app.permissions import can_invite_users, is_member, require
from app.security import client_address, no_store


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
