"""Reading the audit trail: filters, and the CSV export (formulas neutralised)."""
import csv
import io
from datetime import datetime, time, timedelta

from flask import Response
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from app.audit.models import AuditEvent
from app.auth.models import User
from app.extensions import db
from app.timeutil import PARIS

CSV_HEADER = ["date", "acteur", "action", "objet", "identifiant", "adresse", "détails"]
# A cell starting with one of these is a formula to a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def filtered(who=None, action=None, since=None, until=None):
    """The events matching the filters, newest first; dates are local days, inclusive."""
    query = (select(AuditEvent).options(joinedload(AuditEvent.actor))
             .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()))
    if who:
        pattern = f"%{who.lower()}%"
        query = query.join(User, AuditEvent.actor_id == User.id).where(or_(
            User.email.ilike(pattern), User.last_name.ilike(pattern),
            User.first_name.ilike(pattern)))
    if action:
        query = query.where(AuditEvent.action == action)
    if since:
        query = query.where(AuditEvent.at >= _start_of(since))
    if until:
        query = query.where(AuditEvent.at < _start_of(until + timedelta(days=1)))
    return query


def _start_of(day):
    return datetime.combine(day, time.min, tzinfo=PARIS)


def actions():
    """Every action name the trail holds, for the filter's choices."""
    return db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).all()


def safe_cell(value):
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(rows, header):
    """CSV text (semicolons, as French spreadsheets expect) of already-flat rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()


def csv_response(text, filename):
    """A CSV download with a BOM, so that spreadsheets read the accents right."""
    return Response("\ufeff" + text, mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


def event_rows(query):
    """Flat rows of the events of `query`, for the CSV export."""
    for event in db.session.scalars(query).unique():
        yield [event.at.astimezone(PARIS).isoformat(timespec="seconds"),
               event.actor.email if event.actor else "", event.action, event.object_type,
               event.object_id, event.address,
               ", ".join(f"{k}={v}" for k, v in sorted((event.details or {}).items())
                         if v is not None)]
