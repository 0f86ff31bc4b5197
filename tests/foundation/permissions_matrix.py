"""The foundation's routes in the permission matrix."""
from tests.matrix import everyone, logged_in, members_only, staff_only

ROUTES = {
    "static": ("GET", "/static/css/app.css", everyone(200)),
    "main.index": ("GET", "/", everyone(200)),
    "main.language": ("GET", "/lang/en?next=/members/", everyone(302)),
    "main.healthz": ("GET", "/healthz", everyone(200)),
    "main.favicon": ("GET", "/favicon.ico", everyone(200)),
    "auth.login": ("GET", "/auth/login", everyone(200)),
    "auth.logout": ("POST", "/auth/logout", everyone(302)),
    "auth.register": ("GET", "/auth/register", everyone(200)),
    "auth.reset_request": ("GET", "/auth/reset", everyone(200)),
    "auth.reset": ("GET", "/auth/reset/not-a-token", everyone(302)),
    "auth.change_password": ("GET", "/auth/password", logged_in(200)),
    "auth.invitation": ("GET", "/auth/invitation/not-a-token", everyone(404)),
    "auth.confirm": ("GET", "/auth/confirm/not-a-token", everyone(302)),
    "members.index": ("GET", "/members/", everyone(200)),
    "members.charter": ("GET", "/members/charter", everyone(200)),
    "members.join": ("GET", "/members/join", everyone(200)),
    "members.team": ("GET", "/members/team", members_only(200, member_pending=200)),
    "members.invite": ("POST", "/members/invite", members_only(400)),
    "staff.index": ("GET", "/staff/", staff_only(200)),
    "staff.establishments": ("GET", "/staff/establishments", staff_only(200)),
    "staff.establishment": ("GET", "/staff/establishments/{pending}", staff_only(200)),
    "staff.establishment_status": (
        "POST", "/staff/establishments/{active}/suspend", staff_only(302)),
    "staff.establishment_charter": (
        "POST", "/staff/establishments/{pending}/charter", staff_only(302)),
}


def objects(people):
    from tests import factories
    return {"pending": factories.establishment(status="pending").id,
            "active": factories.establishment(status="active").id}
