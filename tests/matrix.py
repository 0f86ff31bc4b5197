"""Helpers to write the permission matrix of a feature.

Each feature keeps its part of the matrix in `tests/<feature>/permissions_matrix.py`,
which defines:

- `ROUTES`: {endpoint: (method, path, expected)} where `path` is a format
  string whose {placeholders} are filled from the objects below, and
  `expected` maps each role of ROLES to a status code, or LOGIN for a
  redirect to the login page;
- optionally `CASES`: {"endpoint: what the case is about": (method, path,
  expected)}, more paths of an endpoint whose answer depends on the object
  (a share not confirmed yet, an application made before a co-employer joined);
- optionally `objects(people)`: creates what the paths need and returns the
  placeholder values; `people` holds the users and establishments of ROLES.

tests/test_permission_matrix.py checks that every route of the URL map is in
one of these files, that each path leads to its endpoint, and requests each
one as each role. member_a and member_b belong to two active establishments,
member_pending to one staff has not approved yet.
"""
ROLES = ("anonymous", "candidate", "member_a", "member_b", "member_pending", "staff")
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
    """Members of the active establishments A and B; 403 for candidates, staff and the
    member of a pending establishment."""
    return logged_in(403, member_a=status, member_b=status, **overrides)
