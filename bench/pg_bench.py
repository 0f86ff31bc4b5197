"""The PostgreSQL backend in the search benchmark: the same corpus, queries and page.

A throwaway PostgreSQL server (scripts/pg-test-server.sh, as the tests start
one) holds the bench database; the documents are written by the backend's
own rebuild, the vacancies' rows by bench_rows.py, and the /search page is
served by gunicorn with SEARCH_BACKEND=postgresql.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

HERE = Path(__file__).resolve().parent.parent
FACETS = ("occupation", "contract", "commune")


def measure(documents, bench):
    """Print build, size, query latencies, the cost of a save and the page's
    requests per second; returns those requests per second."""
    folder = Path(tempfile.mkdtemp(prefix="gtec-bench-pg-"))
    os.chmod(folder, 0o755)  # the server runs as the postgres user
    server = folder / "server"
    url = subprocess.run(["bash", "scripts/pg-test-server.sh", "start", str(server)], cwd=HERE,
                         check=True, capture_output=True, text=True).stdout.strip()
    try:
        env = {**os.environ, "DATABASE_URL": url, "SEARCH_BACKEND": "postgresql",
               "SEARCH_INDEX": str(folder / "search"), "SECRET_KEY": "bench-" + "x" * 40,
               "FLASK_APP": "wsgi"}
        subprocess.run([sys.executable, "-m", "flask", "init-db"], env=env, cwd=HERE,
                       check=True, capture_output=True)
        subprocess.run([sys.executable, str(HERE / "bench" / "bench_rows.py"),
                        str(len(documents))], env=env, cwd=HERE, check=True)
        _in_process(url, folder, documents, bench)
        rate = bench.served(env, HERE, "wsgi:app", 300, 4)
        print(f"Page /search sous gunicorn (2 workers, 300 requêtes, 4 clients) : "
              f"PostgreSQL {rate:.0f} requêtes/s")
        return rate
    finally:
        subprocess.run(["bash", "scripts/pg-test-server.sh", "stop", str(server)], cwd=HERE,
                       check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def _in_process(url, folder, documents, bench):
    from app import create_app, search
    from app.extensions import db
    app = create_app({"DATABASE_URL": url, "SEARCH_BACKEND": "postgresql",
                      "SEARCH_INDEX": str(folder / "search"), "SECRET_KEY": "bench-" + "x" * 40})
    with app.app_context():
        start = time.perf_counter()
        for kind in ("vacancy", "cv", "training"):
            search.rebuild(kind, ((i, d) for k, i, d in documents if k == kind))
        build = time.perf_counter() - start
        with db.engine.begin() as connection:
            connection.execute(text("ANALYZE"))
            size = connection.scalar(text(
                "SELECT pg_total_relation_size('search_document') "
                "+ pg_total_relation_size('search_word')"))
        print(f"PostgreSQL : construction {build:.1f} s · taille {size / 1e6:.0f} Mo")
        for label, run in (
                ("sans filtre", lambda q: search.search("vacancy", q)),
                ("avec filtre (CDI)", lambda q: search.search("vacancy", q,
                                                              filters={"contract": ["cdi"]})),
                ("avec facettes (page /search)", lambda q: search.search("vacancy", q,
                                                                         facets=FACETS))):
            p50, p95 = bench.timed(run)
            print(f"Requêtes {label} : PostgreSQL p50 {p50:.1f} ms p95 {p95:.1f} ms")
        _saves(documents, bench)


def _saves(documents, bench, count=30):
    """p50/p95 of writing one document in a transaction of its own (what a save adds)."""
    from app import search
    vacancies = [(i, d) for k, i, d in documents if k == "vacancy"][:count]
    samples = []
    for n, (object_id, document) in enumerate(vacancies):
        changed = {object_id: {**document, "title": f"{document['title']} {n}"}}
        start = time.perf_counter()
        search.apply_fresh("vacancy", lambda: changed)
        samples.append((time.perf_counter() - start) * 1000)
    print(f"Mise à jour d'un document (PostgreSQL) : {bench.percentiles(samples)}")
