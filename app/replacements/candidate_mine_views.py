"""The professional's "Mes missions": coming and past missions, hours per employer and
month, the CSV export, and the private calendar feed's address (renewable)."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.audit.queries import csv_response, to_csv
from app.forms import ActionForm
from app.permissions import can_see_own_missions, require
from app.replacements import feed, stats
from app.replacements.blueprint import bp
from app.security import no_store
from app.timeutil import local, local_today


def _profile():
    return current_user.replacement_profile


@bp.route("/mes-missions")
@no_store
@require(can_see_own_missions)
def my_missions():
    profile = _profile()
    assignments = stats.assignments_of(profile) if profile else []
    coming, past = stats.split(assignments)
    return render_template(
        "replacements/mine_list.html", profile=profile, coming=coming, past=past,
        hours=stats.hours_by_employer_month(assignments), minutes_of=stats.minutes_of,
        hours_text=stats.hours_text,
        feed_url=url_for("replacements.feed_ics", token=profile.feed_token, _external=True)
        if profile else None, form=ActionForm())


@bp.route("/mes-missions.csv")
@no_store
@require(can_see_own_missions)
def my_missions_csv():
    profile = _profile()
    assignments = stats.assignments_of(profile) if profile else []
    header = [_("Mission"), _("Établissement"), _("Métier"), _("Lieu"), _("Début"), _("Fin"),
              _("Statut"), _("Heures")]
    rows = [[a.mission_id, a.mission.establishment.name, a.mission.occupation_label,
             ", ".join(p for p in (a.mission.site, a.mission.commune) if p),
             f"{local(a.mission.starts_at):%d/%m/%Y %H:%M}",
             f"{local(a.mission.ends_at):%d/%m/%Y %H:%M}", a.status_label,
             f"{stats.minutes_of(a) / 60:.2f}".replace(".", ",")] for a in assignments]
    return csv_response(to_csv(rows, header), f"mes-missions-{local_today():%Y-%m-%d}.csv")


@bp.route("/mes-missions/agenda/renouveler", methods=["POST"])
@no_store
@require(can_see_own_missions)
def renew_feed():
    if not ActionForm().validate_on_submit():
        abort(400)
    if feed.renew(current_user) is None:
        abort(404)
    flash(_("Nouvelle adresse d'agenda créée : l'ancienne ne fonctionne plus. "
            "Abonnez votre agenda à la nouvelle."), "success")
    return redirect(url_for("replacements.my_missions") + "#agenda")
