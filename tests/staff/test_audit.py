"""The audit log: every audited action leaves an entry; filters, CSV, no editing."""
import csv
import html
import io
from datetime import timedelta

import pytest

from sqlalchemy import select

from app.audit import queries
from app.audit.models import AuditEvent
from app.audit.services import record
from app.extensions import db
from app.timeutil import local_today
from tests import factories


def _actions(**where):
    query = select(AuditEvent.action).order_by(AuditEvent.id)
    for name, value in where.items():
        query = query.where(getattr(AuditEvent, name) == value)
    return db.session.scalars(query).all()


def test_login_cv_view_download_and_data_export_are_audited(client, auth, member_a, candidate):
    profile = factories.cv_profile()
    auth.login(member_a)
    client.get(f"/cv/{profile.id}")
    client.get(f"/cv/{profile.id}/file")
    assert _actions(actor_id=member_a.id) == ["login", "cv_view", "cv_download"]
    auth.logout()
    auth.login(candidate)
    client.get("/cv/me/export")
    assert "data_export" in _actions(actor_id=candidate.id)


def test_moderation_and_role_changes_are_audited_with_their_actor(client, auth, staff, candidate,
                                                                  establishment_a, member_a):
    vacancy = factories.vacancy(establishment_a, status="pending", author=member_a)
    auth.login(staff)
    client.post(f"/staff/queue/vacancy/{vacancy.id}/approve")
    client.post(f"/staff/users/{candidate.id}/role", data={"role": "staff"})
    assert _actions(actor_id=staff.id) == ["login", "vacancy_publish", "role_change"]


def test_account_deletion_is_audited(client, auth, candidate):
    auth.login(candidate)
    client.post("/cv/me/delete", data={"confirm": "y", "password": factories.PASSWORD})
    assert "account_deleted" in _actions()


def test_filters_by_who_what_and_when(client, auth, staff, member_a):
    record("cv_view", actor=member_a)
    record("login", actor=staff)
    db.session.commit()
    auth.login(staff)
    html = client.get(f"/staff/audit?who={member_a.last_name}").get_data(as_text=True)
    table = html.split("<table")[1].split("</table>")[0]
    assert "a consulté le CV" in table and staff.full_name not in table
    html = client.get("/staff/audit?action=cv_view").get_data(as_text=True)
    assert member_a.full_name in html.split("<table")[1]
    today = local_today()
    tomorrow = today + timedelta(days=1)
    html = client.get(f"/staff/audit?since={tomorrow}").get_data(as_text=True)
    assert "Aucune entrée." in html
    assert "Aucune entrée." not in client.get(
        f"/staff/audit?since={today}&until={today}").get_data(as_text=True)


def test_dates_in_the_wrong_order_are_refused_in_french(client, auth, staff):
    auth.login(staff)
    today = local_today()
    response = client.get(f"/staff/audit?since={today}&until={today - timedelta(days=3)}")
    assert response.status_code == 400
    assert "La date de fin précède la date de début." in response.get_data(as_text=True)


def test_the_csv_export_neutralises_formulas_and_is_itself_audited(client, auth, staff):
    for value in ("=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "sans danger"):
        record(value, actor=staff)
    db.session.commit()
    auth.login(staff)
    response = client.get("/staff/audit.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffdate;acteur;action")
    cells = {row[2] for row in csv.reader(io.StringIO(text), delimiter=";")}
    assert {"'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "sans danger"} <= cells
    assert "audit_export" in _actions(actor_id=staff.id)
    for value in ("=", "+", "-", "@"):
        assert queries.safe_cell(value + "x") == "'" + value + "x"
    assert queries.safe_cell("sans danger") == "sans danger"


def test_no_route_edits_or_deletes_an_entry(app):
    audit_rules = [rule for rule in app.url_map.iter_rules() if "audit" in rule.rule]
    assert audit_rules
    for rule in audit_rules:
        assert rule.methods <= {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize("path", ["/staff/audit", "/staff/users", "/notifications/sent"])
def test_a_page_number_past_any_integer_is_an_empty_page_not_an_error(client, auth, staff, path):
    auth.login(staff)
    assert client.get(f"{path}?page=99999999999999999999999").status_code == 200


def _table(page):
    """The log's table, entities decoded (names are escaped, the sentences' quotes too)."""
    return html.unescape(page.split("<table")[1].split("</table>")[0])


def test_entries_read_as_french_sentences_linking_actor_and_object(client, auth, staff, member_a,
                                                                   establishment_a):
    profile = factories.cv_profile(factories.user(first_name="Julie", last_name="Lefèvre"))
    vacancy = factories.vacancy(establishment_a, status="pending", author=member_a)
    record("cv_download", actor=member_a, obj=profile)
    record("vacancy_reject", actor=staff, obj=vacancy, reason="duplicate")
    record("cv_view", actor=member_a, obj=profile, reason=None)
    db.session.commit()
    auth.login(staff)
    table = _table(client.get("/staff/audit").get_data(as_text=True))
    member = f'<a href="/staff/users/{member_a.id}">{member_a.full_name}</a>'
    julie = f'<a href="/staff/users/{profile.user_id}">Julie Lefèvre</a>'
    assert f"{member} ({establishment_a.name}) a téléchargé le CV de {julie}" in table
    assert f'a refusé l\'offre <a href="/pool/{vacancy.id}">« {vacancy.title} »</a>' in table
    assert "Motif : Doublon d'une offre déjà publiée" in table
    assert "None" not in table and "cv_download" not in table and "duplicate" not in table


def test_the_action_filter_offers_french_names(client, auth, staff):
    record("cv_download", actor=staff)
    db.session.commit()
    auth.login(staff)
    html = client.get("/staff/audit").get_data(as_text=True)
    assert '<option value="cv_download">Téléchargement de CV</option>' in html


def test_an_erased_object_is_named_by_its_number_only(client, auth, staff, candidate):
    record("role_change", actor=staff, obj=candidate, before="candidate", after="staff")
    db.session.commit()
    gone = candidate.id
    db.session.delete(candidate)
    db.session.commit()
    auth.login(staff)
    table = _table(client.get("/staff/audit").get_data(as_text=True))
    assert f"a changé le rôle de n° {gone} (supprimé)" in table
    assert "Avant : Candidat · Après : " in table
