"""Member management, users: search, disable or enable, reset link, role."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from app.auth.models import User
from app.errors import DomainError
from app.database import paginate
from app.extensions import db
from app.forms import choices, query_args
from app.members.models import Establishment
from app.permissions import can_moderate, require
from app.staff import users
from app.staff.blueprint import bp
from app.forms import ActionForm
from app.staff.forms import RoleForm, UserFilterForm

PER_PAGE = 50


def _role_form(**kwargs):
    form = RoleForm(**kwargs)
    names = db.session.execute(select(Establishment.id, Establishment.name)
                               .order_by(Establishment.name)).all()
    form.establishment_id.choices = choices({0: _l("— Aucun —"), **dict(names)})
    return form


@bp.route("/users")
@require(can_moderate)
def users_list():
    form = UserFilterForm(request.args)
    if not form.validate():
        return render_template("staff/user_list.html", form=form, page=None), 400
    page = paginate(users.search(form.q.data, form.role.data, form.state.data),
                    request.args.get("page", 1, type=int), PER_PAGE)
    return render_template("staff/user_list.html", form=form, page=page, args=query_args(form))


@bp.route("/users/<int:user_id>")
@require(can_moderate)
def user(user_id):
    item = db.get_or_404(User, user_id)
    return render_template("staff/user_detail.html", user=item, form=ActionForm(),
                           role_form=_role_form(role=item.role,
                                                establishment_id=item.establishment_id or 0))


@bp.route("/users/<int:user_id>/<any(disable, enable, reset):action>", methods=["POST"])
@require(can_moderate)
def user_action(user_id, action):
    db.get_or_404(User, user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        if action == "reset":
            users.send_reset_link(current_user, user_id)
        else:
            users.set_disabled(current_user, user_id, action == "disable")
    except DomainError as error:
        flash(str(error), "error")
    else:
        flash({"disable": _("Compte désactivé ; ses sessions sont fermées."),
               "enable": _("Compte réactivé."),
               "reset": _("Lien de réinitialisation envoyé.")}[action], "success")
    return redirect(url_for("staff.user", user_id=user_id))


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@require(can_moderate)
def user_role(user_id):
    item = db.get_or_404(User, user_id)
    form = _role_form()
    if not form.validate_on_submit():
        return render_template("staff/user_detail.html", user=item, form=ActionForm(),
                               role_form=form), 400
    try:
        users.change_role(current_user, user_id, form.role.data, form.establishment_id.data or None)
    except DomainError as error:
        flash(str(error), "error")
    else:
        flash(_("Rôle modifié ; ses sessions sont fermées."), "success")
    return redirect(url_for("staff.user", user_id=user_id))
