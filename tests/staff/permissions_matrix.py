"""The staff back-office, mail preferences and the observatoire in the permission matrix."""
from tests.matrix import everyone, logged_in, staff_only

ROUTES = {
    "staff.item": ("GET", "/staff/queue/vacancy/{vacancy}", staff_only(200)),
    "staff.approve": ("POST", "/staff/queue/vacancy/{vacancy}/approve", staff_only(302)),
    "staff.reject": ("POST", "/staff/queue/vacancy/{vacancy}/reject", staff_only(400)),
    "staff.approve_many": ("POST", "/staff/queue/approve", staff_only(302)),
    "staff.users_list": ("GET", "/staff/users", staff_only(200)),
    "staff.user": ("GET", "/staff/users/{candidate_id}", staff_only(200)),
    "staff.user_action": ("POST", "/staff/users/{candidate_id}/reset", staff_only(302)),
    "staff.user_role": ("POST", "/staff/users/{candidate_id}/role", staff_only(400)),
    "staff.audit": ("GET", "/staff/audit", staff_only(200)),
    "staff.audit_csv": ("GET", "/staff/audit.csv", staff_only(200)),
    "staff.dashboard_page": ("GET", "/staff/dashboard", staff_only(200)),
    "staff.dashboard_csv": ("GET", "/staff/dashboard/monthly.csv", staff_only(200)),
    "notifications.preferences": ("GET", "/notifications/preferences", logged_in(200)),
    "notifications.sent": ("GET", "/notifications/sent", staff_only(200)),
    "observatoire.observatoire": ("GET", "/observatoire", everyone(200)),
}


def objects(people):
    from tests import factories
    vacancy = factories.vacancy(people["establishment_a"], status="pending")
    return {"vacancy": vacancy.id, "candidate_id": people["candidate"].id}
