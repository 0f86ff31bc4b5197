"""Helpers to write the permission matrix of a feature.

Each feature keeps its part of the matrix in `tests/<feature>/permissions_matrix.py`,
which defines:

- `ROUTES`: {endpoint: (method, path, expected)} where `path` is a format
  string whose {placeholders} are filled from the objects below, and
  `expected` maps each role of ROLES to a status code, or LOGIN for a
  redirect to the login page;
- optionally `objects(people)`: creates what the paths need and returns the
  placeholder values; `people` holds the users and establishments of ROLES.

tests/test_permission_matrix.py checks that every route of the URL map is in
one of these files, and requests each one as each role.
"""
ROLES = ("anonymous", "candidate", "member_a", "member_b", "staff")
LOGIN = "login"


def everyone(status):
    """The same status for every role."""
    return dict.fromkeys(ROLES, status)


def logged_in(status, **overrides):
    """Visitors go to the login page; logged-in roles get `status` unless overridden."""
    return {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], status), **overrides}


def staff_only(status):
    """Only staff: 403 for the other accounts."""
    return logged_in(403, staff=status)


def members_only(status, **overrides):
    """Members of any establishment (A and B); 403 for candidates and staff."""
    return logged_in(403, member_a=status, member_b=status, **overrides)
