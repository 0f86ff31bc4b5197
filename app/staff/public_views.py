"""The observatoire: the dashboard's public face, anonymous counts of the territory."""
from flask import render_template

from app.staff import dashboard, indicators
from app.staff.blueprint import observatoire_bp


@observatoire_bp.route("/observatoire")
def observatoire():
    monthly = dashboard.public_monthly()
    return render_template(
        "staff/observatoire.html", k=dashboard.K_ANONYMITY,
        occupations=dashboard.public_counts(indicators.open_by_occupation()),
        cv=dashboard.public_counts(indicators.cv_freshness()),
        monthly=monthly, charts=dashboard.monthly_charts(monthly),
        columns=dashboard.MONTHLY_COLUMNS)
