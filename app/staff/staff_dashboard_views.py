"""The staff dashboard and its CSV files."""
from flask import render_template
from flask_login import current_user

from app.audit.queries import csv_response, to_csv
from app.audit.services import record_export
from app.permissions import can_moderate, require
from app.staff import dashboard, indicators
from app.staff.blueprint import bp
from app.timeutil import local_today

TABLE_NAMES = "<any(occupations, applications, cv, monthly):name>"


@bp.route("/dashboard")
@require(can_moderate)
def dashboard_page():
    tables = {name: dashboard.table(name) for name in ("occupations", "applications", "cv")}
    monthly = indicators.monthly()
    return render_template("staff/dashboard.html", tables=tables, monthly=monthly,
                           charts=dashboard.monthly_charts(monthly),
                           columns=dashboard.MONTHLY_COLUMNS)


@bp.route(f"/dashboard/{TABLE_NAMES}.csv")
@require(can_moderate)
def dashboard_csv(name):
    title, header, rows = dashboard.table(name)
    record_export(current_user, "dashboard_export", table=name)
    return csv_response(to_csv(rows, header), f"gtec-{name}-{local_today():%Y-%m-%d}.csv")
