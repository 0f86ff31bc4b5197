"""The second-factor pages in the permission matrix."""
from tests.matrix import everyone, logged_in, staff_only

ROUTES = {
    "mfa.index": ("GET", "/auth/2fa", logged_in(200)),
    "mfa.totp_setup": ("GET", "/auth/2fa/totp", logged_in(200)),
    "mfa.totp_remove": ("POST", "/auth/2fa/totp/remove", logged_in(302)),
    "mfa.recovery_codes": ("POST", "/auth/2fa/recovery", logged_in(302)),
    "mfa.passkey_new": ("GET", "/auth/2fa/passkeys/new", logged_in(200)),
    # Someone else's passkey (its owner's own removal: tests/mfa/test_pages.py).
    "mfa.passkey_remove": ("POST", "/auth/2fa/passkeys/{passkey}/remove", logged_in(404)),
    # Without a login half-way, the second step sends back to the login page.
    "mfa.verify": ("GET", "/auth/2fa/verify", everyone(302)),
    "mfa.passkey_login": ("POST", "/auth/2fa/verify/passkey", everyone(302)),
    "mfa.confirm_password": ("GET", "/auth/confirm", logged_in(200)),
    "mfa_staff.settings": ("GET", "/staff/settings/security", staff_only(200)),
    "mfa_staff.reset": ("GET", "/staff/users/{candidate_id}/second-factor", staff_only(200)),
}


def objects(people):
    from tests import factories
    from tests.mfa.helpers import passkey
    owner = factories.user("member", establishment=people["establishment_a"])
    return {"passkey": passkey(owner).id, "candidate_id": people["candidate"].id}
