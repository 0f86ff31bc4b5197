"""The audit log: filtered, paginated, exported as CSV. No route edits an entry."""
from flask import render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.audit import queries
from app.audit.services import record_export
from app.audit.wording import label
from app.database import paginate
from app.forms import choices, query_args
from app.mfa.guards import recent_password_required
from app.permissions import can_moderate, require
from app.staff.audit_log import lines
from app.staff.blueprint import bp
from app.staff.forms import AuditFilterForm
from app.timeutil import local_today

PER_PAGE = 50


def _filter_form():
    form = AuditFilterForm(request.args)
    form.action.choices = choices({"": _l("Toutes"), **{a: label(a) for a in sorted(queries.actions(), key=lambda a: str(label(a)))}})
    return form


@bp.route("/audit")
@require(can_moderate)
def audit():
    form = _filter_form()
    if not form.validate():
        return render_template("staff/audit_list.html", form=form, page=None), 400
    page = paginate(queries.filtered(**form.filters()), request.args.get("page", 1, type=int),
                    PER_PAGE)
    return render_template("staff/audit_list.html", form=form, page=page, lines=lines(page.items),
                           args=query_args(form))


@bp.route("/audit.csv")
@require(can_moderate)
@recent_password_required
def audit_csv():
    form = _filter_form()
    if not form.validate():
        return render_template("staff/audit_list.html", form=form, page=None), 400
    text = queries.to_csv(queries.event_rows(queries.filtered(**form.filters())),
                          queries.CSV_HEADER)
    record_export(current_user, "audit_export", **query_args(form))
    return queries.csv_response(text, f"journal-audit-{local_today():%Y-%m-%d}.csv")
