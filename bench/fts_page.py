"""The /search page answered from the bench's SQLite FTS5 table: the reference.

    gunicorn fts_page:app   (BENCH_FTS=path of the table, from search_bench.py)

Same application, templates and permission re-read as the real page; the
search interface answers from an FTS5 backend (SEARCH_BACKEND=fts5) giving
the same Results (exact total and facet counts over every match).
"""
import os
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app, search  # noqa: E402
from app.search import analysis  # noqa: E402

_connection = None


def _db():
    global _connection
    if _connection is None:
        _connection = sqlite3.connect(os.environ["BENCH_FTS"], check_same_thread=False)
    return _connection


class Fts5Backend(search.WhooshBackend):
    """search() from the bench's FTS5 table (no French analysis: a speed
    reference); everything else as whoosh's."""

    name = "fts5"

    def search(self, kind, text="", filters=None, sort="relevance", page=1, per_page=20,
               facets=()):
        words = search.query_words(text)
        where, args = ["kind = ?"], [kind]
        if words:
            where.append("docs MATCH ?")
            args.append(" ".join('"%s"' % word.replace('"', "") for word in words))
        for name, values in (filters or {}).items():
            if name not in search.facets():  # a column name: never taken from the request
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
                              terms=[token for word in words for token in analysis.tokens(word)])


search.register_backend("fts5", lambda app: Fts5Backend(app.config["SEARCH_INDEX"]))
app = create_app({"SEARCH_BACKEND": "fts5"})
