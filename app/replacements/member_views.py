"""A member's missions: posting one, the list, one mission with its alerts and its
applicants ranked, picking one, cancelling, confirming the hours or a no-show, and
the establishment's alert policy. Staff read any mission; only the posting
establishment's active members act on it (another establishment's: 404)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import DomainError
from app.extensions import db
from app.forms import ActionForm, show_error
from app.permissions import (can_manage_mission, can_post_mission, can_read_missions, is_staff,
                             require)
from app.replacements import booking, eligibility, mission_queries as queries, missions
from app.replacements.blueprint import bp
from app.replacements.lifecycle import ASSIGNMENT, MISSION
from app.replacements.mission_forms import CancelForm, HoursForm, MissionForm, PolicyForm
from app.replacements.models import MODES, REACHES, Assignment, Mission
from app.security import no_store


def load_mission(mission_id, manage=False):
    """The mission if the current user may see it (manage it, when `manage`), else 404."""
    mission = db.get_or_404(Mission, mission_id)
    if not can_manage_mission(current_user, mission) and (manage or not is_staff(current_user)):
        abort(404)
    return mission


def load_assignment(assignment_id):
    """An assignment of a mission the current user manages, else 404."""
    assignment = db.get_or_404(Assignment, assignment_id)
    load_mission(assignment.mission_id, manage=True)
    return assignment


@bp.route("/manage/missions")
@require(can_post_mission)
def member_missions():
    page = queries.missions_of(current_user.establishment_id, request.args.get("page", type=int))
    return render_template("replacements/member_mission_list.html", page=page)


@bp.route("/manage/missions/new", methods=["GET", "POST"])
@no_store
@require(can_post_mission)
def member_mission_new():
    policy = missions.policy_of(current_user.establishment_id)
    establishment = current_user.establishment
    form = MissionForm(data={"commune": f"{establishment.commune} ({establishment.postcode})",
                             "reach": policy.reach})
    if form.validate_on_submit():
        try:
            mission = missions.post(current_user, form.data_for_service())
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("Mission publiée : les personnes disponibles sont prévenues."), "success")
            return redirect(url_for("replacements.member_mission", mission_id=mission.id))
    status = 400 if form.errors or request.method == "POST" else 200
    return render_template("replacements/member_mission_new.html", form=form), status


@bp.route("/manage/missions/<int:mission_id>")
@no_store
@require(can_read_missions)
def member_mission(mission_id):
    mission = load_mission(mission_id)
    applicants = queries.applicants(mission)
    return render_template(
        "replacements/member_mission_detail.html", mission=mission,
        alerts=queries.alert_counts(mission), applicants=applicants,
        warnings=eligibility.credential_warnings(mission, [a.profile.id for a in applicants]),
        manages=can_manage_mission(current_user, mission), form=ActionForm(),
        MISSION=MISSION, ASSIGNMENT=ASSIGNMENT, MODES=MODES, REACHES=REACHES)


@bp.route("/manage/assignments/<int:assignment_id>/pick", methods=["POST"])
@require(can_post_mission)
def member_pick(assignment_id):
    assignment = load_assignment(assignment_id)
    if ActionForm().validate_on_submit():
        _act(booking.pick, assignment_id, _("Personne retenue : elle et les autres candidats "
                                            "sont prévenus."))
    return redirect(url_for("replacements.member_mission", mission_id=assignment.mission_id))


@bp.route("/manage/assignments/<int:assignment_id>/no-show", methods=["POST"])
@require(can_post_mission)
def member_no_show(assignment_id):
    assignment = load_assignment(assignment_id)
    if ActionForm().validate_on_submit():
        _act(missions.no_show, assignment_id, _("Absence enregistrée."))
    return redirect(url_for("replacements.member_mission", mission_id=assignment.mission_id))


def _act(service, assignment_id, done):
    try:
        service(current_user, assignment_id)
    except DomainError as error:
        flash(str(error), "error")
    else:
        flash(done, "success")


@bp.route("/manage/assignments/<int:assignment_id>/hours", methods=["GET", "POST"])
@no_store
@require(can_post_mission)
def member_hours(assignment_id):
    assignment = load_assignment(assignment_id)
    planned = sum(shift.worked_minutes for shift in assignment.mission.shifts)
    form = HoursForm(data={"hours": planned // 60, "minutes": planned % 60})
    if form.validate_on_submit():
        try:
            missions.confirm(current_user, assignment_id, form.minutes_done())
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash(_("Heures confirmées."), "success")
            return redirect(url_for("replacements.member_mission",
                                    mission_id=assignment.mission_id))
    status = 400 if form.errors else 200
    return render_template("replacements/member_hours.html", assignment=assignment,
                           form=form), status


@bp.route("/manage/missions/<int:mission_id>/cancel", methods=["GET", "POST"])
@no_store
@require(can_post_mission)
def member_mission_cancel(mission_id):
    mission = load_mission(mission_id, manage=True)
    form = CancelForm()
    if form.validate_on_submit():
        try:
            missions.cancel(current_user, mission_id, form.reason.data)
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash(_("Mission annulée : les personnes concernées sont prévenues."), "success")
        return redirect(url_for("replacements.member_mission", mission_id=mission_id))
    status = 400 if form.errors else 200
    return render_template("replacements/member_mission_cancel.html", mission=mission,
                           form=form), status


@bp.route("/manage/policy", methods=["GET", "POST"])
@no_store
@require(can_post_mission)
def member_policy():
    form = PolicyForm(obj=missions.policy_of(current_user.establishment_id))
    if form.validate_on_submit():
        try:
            missions.save_policy(current_user, {name: getattr(form, name).data for name in (
                "reach", "wave_delay_minutes", "wave_size", "credential_rule")})
        except DomainError as error:
            flash(str(error), "error")
        else:
            flash(_("Règles d'alerte enregistrées."), "success")
            return redirect(url_for("replacements.member_policy"))
    status = 400 if form.errors else 200
    return render_template("replacements/member_policy.html", form=form), status
