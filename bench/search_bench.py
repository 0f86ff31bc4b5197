"""Measure the search engine on a generated French corpus, against SQLite FTS5.

    python bench/search_bench.py [documents=100000]

Prints build time, index size, resident memory, query latency p50/p95 for
one- to three-word queries with and without a filter, the requests per second
of the /search page under gunicorn (127.0.0.1, a bounded number of requests),
the cost of saving one document and of the first search after a save, and the
same queries and page answered from an SQLite FTS5 table of the same corpus,
then by the PostgreSQL backend on a throwaway server (bench/pg_bench.py).
"""
import http.client
import os
import random
import resource
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import app.search_views.tabs  # noqa: E402,F401  (the declared kinds: the schema's fields)
from app.search import whoosh_backend as search  # noqa: E402
from app.referentials import DIPLOMAS, OCCUPATIONS  # noqa: E402
import pg_bench  # noqa: E402  (bench/, on the path as this script's folder)

COMMUNES = ["Vire Normandie", "Flers", "Condé-en-Normandie", "Saint-Lô", "Villedieu-les-Poêles",
            "Tinchebray-Bocage", "Souleuvre-en-Bocage", "Noues de Sienne", "Valdallière",
            "Athis-Val-de-Rouvre", "Domfront", "Torigny-les-Villes", "Percy-en-Normandie"]
CONTRACTS = ["cdi", "cdd", "cdd_replacement", "vacation", "interim", "apprenticeship"]
KINDS = ["ehpad", "saad", "ssiad", "centre_sante", "siae"]
PHRASES = [
    "accompagnement des résidents dans les actes de la vie quotidienne",
    "soins d'hygiène et de confort auprès des personnes âgées dépendantes",
    "travail en équipe pluridisciplinaire avec l'infirmière coordinatrice",
    "interventions à domicile sur le secteur du Bocage, véhicule de service",
    "distribution des médicaments et surveillance des constantes",
    "animation d'ateliers mémoire et accompagnement des troubles cognitifs",
    "entretien des locaux et service des repas en unité protégée",
    "planning en 12 heures, un week-end sur deux, reprise d'ancienneté",
    "transmissions ciblées dans le dossier de soins informatisé",
    "prise en charge des plaies chroniques et soins palliatifs",
    "formation au simulateur de vieillissement et bientraitance",
    "gestes et postures, manutention des personnes, AFGSU niveau 2",
]
QUERIES = ["infirmier", "aide-soignante", "AS nuit", "IDE", "ASH", "domicile", "AES Flers",
           "soins palliatifs", "infirmière de nuit", "agent service hospitalier",
           "accompagnant éducatif social", "bientraitance", "cuisinier", "CDI Vire",
           "plaies chroniques domicile", "week-end", "troubles cognitifs", "manutention"]


def corpus(count, seed=42):
    """(kind, id, document) triples: half vacancies, a third CVs, the rest sessions."""
    rng = random.Random(seed)
    occupations = list(OCCUPATIONS.items())
    for n in range(1, count + 1):
        kind = "vacancy" if n % 6 < 3 else "cv" if n % 6 < 5 else "training"
        code, label = rng.choice(occupations)
        commune = rng.choice(COMMUNES)
        body = ". ".join(rng.sample(PHRASES, 3))
        yield kind, n, {
            "title": f"{label} {rng.choice(['de jour', 'de nuit', 'à domicile', 'en EHPAD'])}",
            "body": f"{body}. {label}. {commune}. {DIPLOMAS[rng.choice(list(DIPLOMAS))]}",
            "occupation": code, "contract": rng.choice(CONTRACTS), "commune": commune,
            "est_kind": rng.choice(KINDS), "month": f"2026-{rng.randint(1, 12):02d}",
            "date": search_date(rng)}


def search_date(rng):
    from datetime import datetime, timezone
    return datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=rng.randint(0, 500_000))


def build_whoosh(root, documents, processes=os.cpu_count()):
    """As `flask search rebuild` does: each kind in turn, one process per core."""
    start = time.perf_counter()
    for kind in ("vacancy", "cv", "training"):
        search.rebuild(root, kind, ((i, d) for k, i, d in documents if k == kind), processes)
    return time.perf_counter() - start


def build_fts(path, documents):
    start = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, kind UNINDEXED, "
               "contract UNINDEXED, occupation UNINDEXED, commune UNINDEXED, "
               "est_kind UNINDEXED, month UNINDEXED, date UNINDEXED, "
               "tokenize='unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO docs(rowid, title, body, kind, contract, occupation, commune, "
                   "est_kind, month, date) VALUES (?,?,?,?,?,?,?,?,?,?)",
                   ((i, d["title"], d["body"], k, d["contract"], d["occupation"], d["commune"],
                     d["est_kind"], d["month"], d["date"].isoformat())
                    for k, i, d in documents))
    db.commit()
    return db, time.perf_counter() - start


def timed(function, repeat=5):
    samples = []
    for _ in range(repeat):
        for query in QUERIES:
            start = time.perf_counter()
            function(query)
            samples.append((time.perf_counter() - start) * 1000)
    return p50_p95(samples)


def p50_p95(samples):
    samples = sorted(samples)
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def fts_query(db, text, contract=None, facets=()):
    """The top 20, and with `facets` the total and each facet's counts, as the page asks."""
    words = " ".join('"%s"' % w.replace('"', "") for w in search.clean_query(text))
    where = "docs MATCH ? AND kind = 'vacancy'"
    args = [words]
    if contract:
        where += " AND contract = ?"
        args.append(contract)
    top = db.execute(f"SELECT rowid FROM docs WHERE {where} ORDER BY rank LIMIT 20",
                     args).fetchall()
    if facets:
        db.execute(f"SELECT count(*) FROM docs WHERE {where}", args).fetchone()
        for name in facets:
            db.execute(f"SELECT {name}, count(*) FROM docs WHERE {where} GROUP BY {name}",
                       args).fetchall()
    return top


def size_mb(folder):
    return sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file()) / 1e6


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(count):
    work = Path(tempfile.mkdtemp(prefix="gtec-bench-"))
    root = work / "search"
    try:
        documents = list(corpus(count))
        print(f"Corpus : {count} documents (offres, CV, formations)")
        whoosh_build = build_whoosh(root, documents)
        db, fts_build = build_fts(work / "fts.sqlite", documents)
        print(f"Construction : whoosh {whoosh_build:.1f} s · FTS5 {fts_build:.1f} s "
              f"(× {whoosh_build / fts_build:.1f})")
        print(f"Taille : whoosh {size_mb(root):.0f} Mo · FTS5 "
              f"{(work / 'fts.sqlite').stat().st_size / 1e6:.0f} Mo")
        report(root, db)
        print(f"Mémoire résidente (max) : {rss_mb():.0f} Mo")
        updates(root, documents)
        whoosh_rate = serve_and_load(work, documents)
        postgresql_rate = pg_bench.measure(documents, sys.modules[__name__])
        print(f"Page /search : PostgreSQL/whoosh = {postgresql_rate / whoosh_rate:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(root, db):
    rows = [("sans filtre", lambda q: search.search(root, "vacancy", q),
             lambda q: fts_query(db, q)),
            ("avec filtre (CDI)", lambda q: search.search(root, "vacancy", q,
                                                          filters={"contract": ["cdi"]}),
             lambda q: fts_query(db, q, "cdi")),
            ("avec facettes (page /search)", lambda q: search.search(
                root, "vacancy", q, facets=("occupation", "contract", "commune")),
             lambda q: fts_query(db, q, facets=("occupation", "contract", "commune")))]
    for label, engine, fts in rows:
        (w50, w95), (f50, f95) = timed(engine), timed(fts)
        print(f"Requêtes {label} : whoosh p50 {w50:.1f} ms p95 {w95:.1f} ms · "
              f"FTS5 p50 {f50:.1f} ms p95 {f95:.1f} ms (p95 × {w95 / max(f95, 0.01):.1f})")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_and_load(work, documents, requests=300, concurrency=4):
    """The /search page under gunicorn, its vacancies in a bench database, then
    the same page answered from the FTS5 table (bench/fts_page.py)."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{work / 'app.sqlite'}",
           "SEARCH_INDEX": str(work / "search"), "SECRET_KEY": "bench-" + "x" * 40,
           "FLASK_APP": "wsgi", "BENCH_FTS": str(work / "fts.sqlite")}
    python = sys.executable
    here = Path(__file__).resolve().parent.parent
    subprocess.run([python, "-m", "flask", "init-db"], env=env, cwd=here, check=True,
                   capture_output=True)
    subprocess.run([python, str(Path(__file__).with_name("bench_rows.py")),
                    str(len(documents))],
                   env=env, cwd=here, check=True)
    whoosh = served(env, here, "wsgi:app", requests, concurrency)
    fts = served(env, here, "bench.fts_page:app", requests, concurrency)
    print(f"Page /search sous gunicorn (2 workers, {requests} requêtes, {concurrency} "
          f"clients) : whoosh {whoosh:.0f} requêtes/s · FTS5 {fts:.0f} requêtes/s "
          f"(whoosh/FTS5 = {whoosh / fts:.2f})")
    return whoosh


def served(env, here, module, requests, concurrency):
    """Requests per second of /search served by gunicorn from `module`."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "2", "--bind",
                               f"127.0.0.1:{port}", module], env=env, cwd=here,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(port)
        return load(port, requests, concurrency)
    finally:
        server.terminate()
        try:
            server.wait(30)  # a loaded machine: gunicorn's workers finish their requests
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def updates(root, documents, count=30):
    """p50/p95 of saving one document (the drain after a user's POST), then of
    the first search after a save, which opens a new searcher."""
    vacancies = [(i, d) for k, i, d in documents if k == "vacancy"][:count]
    samples = []
    for n, (object_id, document) in enumerate(vacancies):
        start = time.perf_counter()
        search.apply(root, "vacancy", {object_id: {**document, "title": f"{document['title']} {n}"}})
        samples.append((time.perf_counter() - start) * 1000)
    print(f"Mise à jour d'un document : {percentiles(samples)}")
    after = []
    for n, (object_id, document) in enumerate(vacancies):
        search.apply(root, "vacancy", {object_id: document})
        start = time.perf_counter()
        search.search(root, "vacancy", QUERIES[n % len(QUERIES)],
                      facets=("occupation", "contract", "commune"))
        after.append((time.perf_counter() - start) * 1000)
    print(f"Première requête après une mise à jour (index rouvert, facettes relues) : "
          f"{percentiles(after)}")


def percentiles(samples):
    return "p50 {:.0f} ms p95 {:.0f} ms".format(*p50_p95(samples))


def wait_for(port, tries=100):
    for _ in range(tries):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn n'a pas démarré")


def load(port, requests, concurrency):
    from urllib.parse import quote

    def one(n):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/search?q=" + quote(QUERIES[n % len(QUERIES)]))
        status = connection.getresponse().status
        connection.close()
        return status

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        statuses = list(pool.map(one, range(requests)))
    elapsed = time.perf_counter() - start
    if set(statuses) != {200}:
        raise SystemExit(f"statuts inattendus : {sorted(set(statuses))}")
    return requests / elapsed


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
