"""Print how long the sign-up and reset answers take for known and unknown addresses.

The answers must not tell whether an address has an account. The tests check
that both paths do the same work (one password hash, one mail); this prints
the figures, on a throwaway SQLite database with mails written to a folder:

    .venv/bin/python bench/account_timing.py [--runs 40]
"""
import argparse
import sys
import tempfile
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.services import create_user  # noqa: E402
from app.extensions import db  # noqa: E402
from bench.search_bench import p50_p95  # noqa: E402

PASSWORD = "les pommes du bocage"
KNOWN = "julie@example.org"


def _app(root):
    app = create_app({"DATABASE_URL": f"sqlite:///{root / 'timing.sqlite'}", "TESTING": True,
                      "SECRET_KEY": "timing", "WTF_CSRF_ENABLED": False,
                      "OUTBOX": str(root / "outbox"), "UPLOAD_FOLDER": str(root / "uploads"),
                      "SEARCH_INDEX": str(root / "search"),
                      "ACCOUNT_MAILS_PER_EMAIL": 10**6, "ACCOUNT_MAILS_PER_ADDRESS": 10**6})
    with app.app_context():
        upgrade()
        create_user(KNOWN, PASSWORD, "Julie", "Lefèvre", "candidate", consent=True)
        db.session.commit()
    return app


def _forms(email):
    return {"register": ("/auth/register", {"first_name": "Julie", "last_name": "Lefèvre",
                                            "email": email, "password": PASSWORD,
                                            "confirm": PASSWORD, "consent": "y"}),
            "reset": ("/auth/reset", {"email": email})}


def measure(app, runs):
    """{(form, "known" | "unknown"): [milliseconds]}, the two paths interleaved."""
    client, samples = app.test_client(), {}
    for n in range(runs):
        for path, email in (("known", KNOWN), ("unknown", f"new{n}@example.org")):
            for form, (url, data) in _forms(email).items():
                start = perf_counter()
                response = client.post(url, data=data)
                samples.setdefault((form, path), []).append((perf_counter() - start) * 1000)
                assert response.status_code == 302, (form, path, response.status_code)
    return samples


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        samples = measure(_app(Path(folder)), args.runs)
    for form in ("register", "reset"):
        (k50, k95), (u50, u95) = (p50_p95(samples[(form, path)]) for path in ("known", "unknown"))
        print(f"{form:9} known p50 {k50:6.1f} ms p95 {k95:6.1f} ms · "
              f"unknown p50 {u50:6.1f} ms p95 {u95:6.1f} ms · p50 difference {k50 - u50:+.1f} ms")


if __name__ == "__main__":
    main()
