"""The PostgreSQL backend's tables and writes: one row per document, written in
the transaction of the change itself (app/indexing.py), so the index can never
be out of step with the data.

A row holds the document as indexed (`document`, for `search check`), its
digest, a weighted tsvector (title above body, analysed by the
`french_unaccent` configuration: unaccent, then the French Snowball stemmer,
migration 0013), its facet values as "name=value" strings, its dates. The
words of titles feed "Vouliez-vous dire" through pg_trgm (`search_word`).
Writers of a kind take its advisory lock shared, a rebuild takes it alone;
writers of one document take its own lock, then read it: two transactions
write a document in the order they read it.
"""
import re

from sqlalchemy import (JSON, Date, Index, String, Text, and_, delete, func, literal_column,
                        or_, select, text)
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR, insert
from sqlalchemy.orm import Mapped, mapped_column

from app.database import UTCDateTime
from app.extensions import db
from app.search.analysis import _is_stop, masculine, normalise
from app.search.base import digest
from app.search.kinds import TEXT_FIELDS, facets as declared_facets

CONFIG = "french_unaccent"
REGCONFIG = literal_column(f"'{CONFIG}'::regconfig")
WEIGHT_CLASSES = "ABCD"  # PostgreSQL's four weights, heaviest first


class SearchDocument(db.Model):
    """One indexed document (PostgreSQL backend; an unused table on SQLite)."""

    __tablename__ = "search_document"
    __table_args__ = (Index("ix_search_document_vector", "vector", postgresql_using="gin"),
                      Index("ix_search_document_facets", "facets", postgresql_using="gin"))

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    object_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    digest: Mapped[str] = mapped_column(String(16))
    document: Mapped[dict] = mapped_column(JSON)
    vector = mapped_column(Text().with_variant(TSVECTOR(), "postgresql"))
    facets = mapped_column(JSON().with_variant(ARRAY(Text), "postgresql"))
    date = mapped_column(UTCDateTime, nullable=True)
    until = mapped_column(Date, nullable=True)


class SearchWord(db.Model):
    """A word of a title, for "Vouliez-vous dire" (trigram similarity)."""

    __tablename__ = "search_word"
    __table_args__ = (Index("ix_search_word_trigram", "word", postgresql_using="gin",
                            postgresql_ops={"word": "gin_trgm_ops"}),)

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    word: Mapped[str] = mapped_column(String(100), primary_key=True)


DOCUMENTS = SearchDocument.__table__


def weights():
    """ts_rank's weights {D, C, B, A} from the declared ones (a title word: 3 body words)."""
    ordered = sorted(TEXT_FIELDS.values(), reverse=True)
    top = ordered[0]
    by_class = [weight / top for weight in ordered] + [0.1] * (4 - len(ordered))
    return "{" + ",".join(f"{weight:.4f}" for weight in reversed(by_class)) + "}"


def _classes():
    """{text field: its weight class}, the heaviest field 'A'."""
    ordered = sorted(TEXT_FIELDS, key=TEXT_FIELDS.get, reverse=True)
    return dict(zip(ordered, WEIGHT_CLASSES))


def vector_of(document):
    """The SQL tsvector of a document: each text field analysed, weighted."""
    parts = [func.setweight(func.to_tsvector(REGCONFIG, normalise(document.get(name) or "")),
                            literal_column(f"'{letter}'")) for name, letter in _classes().items()]
    vector = parts[0]
    for part in parts[1:]:
        vector = vector.op("||")(part)
    return vector


def facet_values(document):
    """The document's facet values as "name=value" strings."""
    values = []
    for name, facet in declared_facets().items():
        raw = document.get(name) or ""
        for value in (raw.split(",") if facet.many else [raw]):
            if value.strip():
                values.append(f"{name}={value.strip()}")
    return values


def title_words(document):
    """The distinct words of a document's heaviest field, folded, for suggestions."""
    heaviest = max(TEXT_FIELDS, key=TEXT_FIELDS.get)
    words = normalise(document.get(heaviest) or "", query=True).split()
    return sorted({word for word in words if len(word) > 2 and not _is_stop(masculine(word))
                   and len(word) <= 100 and not re.fullmatch(r"\d+", word)})


def lock_kind(connection, kind, alone=False):
    """The kind's advisory lock for this transaction: shared by writers, alone for a rebuild."""
    function = "pg_advisory_xact_lock" if alone else "pg_advisory_xact_lock_shared"
    connection.execute(text(f"SELECT {function}(hashtext(:key)::bigint)"),  # one of two constants
                       {"key": f"search:{kind}"})


def lock_documents(connection, kind, ids):
    """Each document's advisory lock, in one order (no deadlock between writers)."""
    ids = sorted(set(ids))
    if ids:
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key), object_id) "
                                "FROM unnest(CAST(:ids AS integer[])) AS object_id"),
                           {"key": f"search:{kind}", "ids": ids})


def write(connection, kind, documents):
    """Write {id: document or None} in the connection's transaction (None deletes).

    Unchanged documents (same digest) are left alone: many saves change nothing indexed.
    """
    if not documents:
        return
    held = dict(connection.execute(
        select(DOCUMENTS.c.object_id, DOCUMENTS.c.digest).where(
            DOCUMENTS.c.kind == kind, DOCUMENTS.c.object_id.in_(list(documents)))).all())
    gone = [i for i, document in documents.items() if document is None and i in held]
    if gone:
        connection.execute(delete(DOCUMENTS).where(DOCUMENTS.c.kind == kind,
                                                   DOCUMENTS.c.object_id.in_(gone)))
    changed = {i: document for i, document in documents.items()
               if document is not None and held.get(i) != digest(document)}
    if changed:  # one statement for the batch: a rebuild writes 500 documents at a time
        rows = [_row(kind, object_id, document) for object_id, document in sorted(changed.items())]
        statement = insert(DOCUMENTS).values(rows)
        connection.execute(statement.on_conflict_do_update(
            index_elements=["kind", "object_id"],
            set_={name: statement.excluded[name] for name in rows[0]
                  if name not in ("kind", "object_id")}))
    _add_words(connection, kind, changed.values())


def _row(kind, object_id, document):
    until = document.get("until")
    return {"kind": kind, "object_id": object_id, "digest": digest(document),
            "document": _plain(document), "vector": vector_of(document),
            "facets": facet_values(document), "date": document.get("date"),
            "until": until.date() if hasattr(until, "date") else until}


def _plain(document):
    """The document as JSON holds it: dates as text, as digest() reads them."""
    return {name: value if value is None or isinstance(value, (str, int, float)) else str(value)
            for name, value in document.items()}


def _add_words(connection, kind, documents):
    words = sorted({word for document in documents for word in title_words(document)})
    if words:
        statement = insert(SearchWord.__table__).values([{"kind": kind, "word": word}
                                                         for word in words])
        connection.execute(statement.on_conflict_do_nothing())


def replace_all(connection, kind, documents, batch=500):
    """Replace every document of `kind` by `documents` ((id, document) pairs)."""
    connection.execute(delete(DOCUMENTS).where(DOCUMENTS.c.kind == kind))
    connection.execute(delete(SearchWord.__table__).where(SearchWord.__table__.c.kind == kind))
    chunk = {}
    for object_id, document in documents:
        chunk[object_id] = document
        if len(chunk) >= batch:
            write(connection, kind, chunk)
            chunk = {}
    write(connection, kind, chunk)


def stored_digests(connection, kind):
    return dict(connection.execute(select(DOCUMENTS.c.object_id, DOCUMENTS.c.digest)
                                   .where(DOCUMENTS.c.kind == kind)).all())


def damage(connection, kind, batch=500):
    """None, or the first row whose digest or vector is not that of its own document."""
    last = -1
    while True:
        rows = connection.execute(
            select(DOCUMENTS.c.object_id, DOCUMENTS.c.digest, DOCUMENTS.c.document,
                   DOCUMENTS.c.vector).where(DOCUMENTS.c.kind == kind,
                                             DOCUMENTS.c.object_id > last)
            .order_by(DOCUMENTS.c.object_id).limit(batch)).all()
        if not rows:
            return None
        for row in rows:
            if row.digest != digest(row.document) or row.vector is None:
                return f"{kind}: document {row.object_id} altered"
        ids = [row.object_id for row in rows]
        altered = connection.scalar(select(DOCUMENTS.c.object_id).where(
            DOCUMENTS.c.kind == kind, or_(*(and_(DOCUMENTS.c.object_id == row.object_id,
                                                 DOCUMENTS.c.vector != vector_of(row.document))
                                            for row in rows))).limit(1))
        if altered is not None:
            return f"{kind}: vector of document {altered} altered"
        last = ids[-1]


def health(connection):
    connection.execute(text(f"SELECT '{CONFIG}'::regconfig"))  # a constant
    connection.execute(select(DOCUMENTS.c.kind).limit(1))
    return "ok"

