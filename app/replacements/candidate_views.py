"""The professional's side of the pool: joining, the profile, the availability calendar."""
from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import DomainError
from app.forms import ActionForm
from app.notifications.services import chosen_channels
from app.permissions import can_join_pool, require
from app.replacements import availability, profiles
from app.replacements.availability_forms import WEEKDAYS, RuleForm, slot_name, week_choices
from app.replacements.blueprint import bp
from app.replacements.models import LEVELS, SLOTS
from app.replacements.profile_forms import JoinForm, ProfileForm
from app.timeutil import local_today


def _invited_by(token):
    if not token:
        return None
    try:
        return profiles.read_invitation(token)
    except DomainError as error:
        flash(str(error), "error")
        return None


@bp.route("/join", methods=["GET", "POST"])
@require(can_join_pool)
def join():
    if profiles.profile_of(current_user) is not None:
        return redirect(url_for("replacements.profile_me"))
    token = request.args.get("invite", "")[:500]
    invited_by = _invited_by(token)
    form = JoinForm(data={"channels": chosen_channels(current_user.id, profiles.KIND),
                          "mobile_phone": current_user.mobile_phone or "",
                          "employers": [str(invited_by)] if invited_by else []})
    if not form.validate_on_submit():
        return render_template("replacements/profile_join.html", form=form, token=token,
                               invited=invited_by), 400 if request.method == "POST" else 200
    try:
        profiles.join(current_user, form.data_for_service(), invited_by_id=invited_by)
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for("replacements.profile_me"))
    flash(_("Bienvenue dans le vivier ! Votre profil sera vérifié avant que des missions vous "
            "soient proposées. Indiquez dès maintenant vos disponibilités."), "success")
    return redirect(url_for("replacements.calendar"))


def _form_data(profile):
    return {"occupations": sorted(profile.occupation_codes),
            "diplomas": sorted(profile.diploma_codes),
            "home_commune": profiles.home_label(profile), "radius_km": profile.radius_km,
            "other_communes": ", ".join(row.name for row in profile.communes),
            "employers": [str(row.establishment_id) for row in profile.employers],
            "mobile_phone": current_user.mobile_phone or "",
            "channels": chosen_channels(current_user.id, profiles.KIND),
            "weekly_ceiling_hours": profile.weekly_ceiling_hours}


@bp.route("/me", methods=["GET", "POST"])
@require(can_join_pool)
def profile_me():
    profile = profiles.profile_of(current_user)
    if profile is None:
        return redirect(url_for("replacements.join"))
    form = ProfileForm(data=_form_data(profile)) if request.method == "GET" else ProfileForm()
    if not form.validate_on_submit():
        return render_template("replacements/profile_me.html", form=form, profile=profile), \
            400 if request.method == "POST" else 200
    try:
        _profile, rechecked = profiles.update(current_user, form.data_for_service())
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for("replacements.profile_me"))
    flash(_("Profil enregistré. Vos métiers ou diplômes ont changé : l'association le vérifie "
            "de nouveau avant de vous proposer des missions.") if rechecked
          else _("Profil enregistré."), "success")
    return redirect(url_for("replacements.profile_me"))


def _monday(text):
    """The week asked (?week=2026-12-07), from this week up to a year ahead."""
    this_week = availability.monday_of(local_today())
    try:
        asked = availability.monday_of(date.fromisoformat(text)) if text else this_week
    except ValueError:
        asked = this_week
    return min(max(asked, this_week), this_week + timedelta(weeks=52))


def _render_calendar(profile, monday, rule_form=None, status=200):
    return render_template(
        "replacements/availability_week.html", profile=profile, monday=monday,
        days=[monday + timedelta(days=n) for n in range(7)], chosen=availability.week(profile, monday),
        today=local_today(), rule_form=rule_form or RuleForm(starts_on=max(monday, local_today())),
        form=ActionForm(), rules=availability.rules(profile), slot_name=slot_name,
        slots=SLOTS, levels=LEVELS, weekdays=WEEKDAYS, timedelta_week=timedelta(weeks=1)), status


@bp.route("/calendar", methods=["GET", "POST"])
@require(can_join_pool)
def calendar():
    profile = profiles.profile_of(current_user)
    if profile is None:
        return redirect(url_for("replacements.join"))
    monday = _monday(request.values.get("week", ""))
    if request.method == "GET":
        return _render_calendar(profile, monday)
    form = ActionForm()
    chosen = week_choices(request.form, monday, local_today())
    if not form.validate_on_submit() or chosen is None:
        flash(_("Choisissez, pour chaque créneau, une disponibilité de la liste."), "error")
        return _render_calendar(profile, monday, status=400)
    try:
        availability.set_slots(current_user, chosen)
    except DomainError as error:
        flash(str(error), "error")
        return _render_calendar(profile, monday, status=400)
    flash(_("Disponibilités enregistrées."), "success")
    return redirect(url_for("replacements.calendar", week=monday.isoformat()))


@bp.route("/calendar/repeats", methods=["POST"])
@require(can_join_pool)
def add_repeat():
    profile = profiles.profile_of(current_user)
    if profile is None:
        return redirect(url_for("replacements.join"))
    form = RuleForm()
    monday = _monday(request.values.get("week", ""))
    if not form.validate_on_submit():
        return _render_calendar(profile, monday, rule_form=form, status=400)
    try:
        availability.add_rule(current_user, int(form.weekday.data), form.slot.data,
                              form.level.data, form.starts_on.data, form.ends_on.data)
    except DomainError as error:
        form.starts_on.errors.append(str(error))
        return _render_calendar(profile, monday, rule_form=form, status=400)
    flash(_("Répétition enregistrée : ses jours sont inscrits dans votre calendrier."), "success")
    return redirect(url_for("replacements.calendar", week=monday.isoformat()))


@bp.route("/calendar/repeats/<int:rule_id>/delete", methods=["POST"])
@require(can_join_pool)
def remove_repeat(rule_id):
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        removed = availability.remove_rule(current_user, rule_id)
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for("replacements.calendar"))
    if not removed:
        abort(404)
    flash(_("Répétition supprimée pour les jours à venir."), "success")
    return redirect(url_for("replacements.calendar"))
