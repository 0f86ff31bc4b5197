"""Checking the pool (staff and active members) and inviting an employee (members)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.database import paginate
from app.errors import DomainError
from app.forms import ActionForm
from app.permissions import can_check_pool_profiles, can_invite_to_pool, require
from app.referentials import DIPLOMAS, OCCUPATIONS
from app.replacements import profiles
from app.replacements.blueprint import bp
from app.replacements.lifecycle import PROFILE
from app.replacements.profile_forms import InviteForm

PER_PAGE = 30


@bp.route("/pool")
@require(can_check_pool_profiles)
def pool_profiles():
    status = request.args.get("status", "pending")
    status = status if status in PROFILE.states else "pending"
    page = paginate(profiles.checkable(current_user, status), request.args.get("page", 1, type=int),
                    PER_PAGE)
    return render_template("replacements/pool_list.html", page=page, status=status,
                           states=PROFILE.states)


@bp.route("/pool/<int:profile_id>")
@require(can_check_pool_profiles)
def pool_profile(profile_id):
    profile = profiles.viewed(current_user, profile_id)  # logged in the audit
    if profile is None:
        abort(404)
    return render_template("replacements/pool_profile.html", profile=profile, form=ActionForm(),
                           home=profiles.home_label(profile), occupations=OCCUPATIONS,
                           diplomas=DIPLOMAS)


@bp.route("/pool/<int:profile_id>/approve", methods=["POST"])
@require(can_check_pool_profiles)
def pool_approve(profile_id):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        profiles.approve(current_user, profile_id)
    except DomainError as error:
        if profiles.visible(current_user, profile_id) is None:
            abort(404)
        flash(str(error), "error")
    else:
        flash(_("Profil vérifié : la personne recevra les missions qui lui correspondent."),
              "success")
    return redirect(url_for("replacements.pool_profile", profile_id=profile_id))


@bp.route("/pool/invite", methods=["GET", "POST"])
@require(can_invite_to_pool)
def pool_invite():
    form = InviteForm()
    if not form.validate_on_submit():
        return render_template("replacements/pool_invite.html", form=form), \
            400 if request.method == "POST" else 200
    try:
        profiles.invite(current_user, form.email.data)
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for("replacements.pool_invite"))
    flash(_("Invitation envoyée à %(email)s.", email=form.email.data), "success")
    return redirect(url_for("replacements.pool_invite"))
