"""The /search page answered from the bench's SQLite FTS5 table: the reference.

    gunicorn fts_page:app   (BENCH_FTS=path of the table, from search_bench.py)

Same application, templates and permission re-read as the real page; only
search.search() is replaced, by FTS5 queries giving the same Results (exact
total and facet counts over every match, as whoosh gave before sampling).
"""
import os
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app, search  # noqa: E402

_connection = None


def _db():
    global _connection
    if _connection is None:
        _connection = sqlite3.connect(os.environ["BENCH_FTS"], check_same_thread=False)
    return _connection


def fts_search(root, kind, text="", filters=None, sort="relevance", page=1, per_page=20,
               facets=()):
    """search.search() answered by FTS5 (no French analysis: a speed reference)."""
    words = search.query_words(text)
    where, args = ["kind = ?"], [kind]
    if words:
        where.append("docs MATCH ?")
        args.append(" ".join('"%s"' % word.replace('"', "") for word in words))
    for name, values in (filters or {}).items():
        if name not in search.FACET_FIELDS:  # a column name: never taken from the request
            raise ValueError(name)
        where.append(f"{name} IN ({','.join('?' * len(values))})")
        args.extend(values)
    clause = " AND ".join(where)  # fixed column names; every value is a parameter
    order = "rank" if words and sort != "date" else "date DESC"
    rows = _db().execute(f"SELECT rowid FROM docs WHERE {clause} ORDER BY {order} "  # nosec B608
                         "LIMIT ? OFFSET ?", [*args, per_page, (page - 1) * per_page])
    total = _db().execute(f"SELECT count(*) FROM docs WHERE {clause}",  # nosec B608
                          args).fetchone()[0]
    counts = {name: dict(_db().execute(f"SELECT {name}, count(*) FROM docs "  # nosec B608
                                       f"WHERE {clause} GROUP BY {name}", args))
              for name in facets}
    return search.Results(ids=[row[0] for row in rows], total=total, facets=counts,
                          terms=[t.text for w in words for t in search.ANALYZER(w, mode="query")])


search.search = fts_search
app = create_app()
