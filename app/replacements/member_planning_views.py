"""The member's planning: the week of its missions (open, filled, done), with the fill
rate and the time to fill of that week."""
from datetime import date, timedelta

from flask import render_template, request
from flask_login import current_user

from app.permissions import can_post_mission, require
from app.replacements import mission_queries as queries
from app.replacements.blueprint import bp
from app.timeutil import local_today


def _monday(text):
    """The Monday of the week asked for (?week=YYYY-MM-DD), this week's when unreadable."""
    try:
        day = date.fromisoformat(text or "")
    except ValueError:
        day = local_today()
    return day - timedelta(days=day.weekday())


@bp.route("/manage/planning")
@require(can_post_mission)
def member_planning():
    monday = _monday(request.args.get("week"))
    days, figures = queries.week(current_user.establishment_id, monday)
    return render_template("replacements/member_planning.html", days=days, figures=figures,
                           monday=monday, previous=monday - timedelta(days=7),
                           following=monday + timedelta(days=7), today=local_today())
