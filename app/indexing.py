"""Keeping the search index in step with the database.

Features declare what they index (app/search/kinds.py). Every flush that touches a
watched object writes a `SearchPending` row in the same transaction, so the
intent to reindex commits or rolls back with the data itself; after the
commit, the process drains the pending rows into the index (app/search/),
re-reading each object as it is now. A drain that cannot get the index's
lock, or a process killed before it drains, leaves the rows for the next
drain (every later write, `flask search sync`, `search rebuild`): no change
is ever lost, and the index catches up with the database.

A transactional backend (PostgreSQL) needs no pending rows: the documents of
the objects a transaction changed are written just before it commits, in it.
"""
import logging
from datetime import datetime
from functools import partial

from flask import g, has_app_context, has_request_context
from flask_babel import force_locale
from sqlalchemy import String, case, delete, event, false, inspect, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column, object_session

from app import search
from app.search import KINDS
from app.database import UTCDateTime
from app.extensions import db
from app.timeutil import utcnow

log = logging.getLogger(__name__)
DRAIN_BATCH = 500
# A user's save waits this long at most for the index (a rebuild may hold its
# lock for minutes); its rows stay pending for the next drain or `search sync`.
AFTER_COMMIT_WAIT = 0.5
RANK_LIMIT = 1000  # the list pages' text box keeps this many best hits


class SearchPending(db.Model):
    """An object whose index entry must be rewritten (or removed)."""

    __tablename__ = "search_pending"
    # A drain deletes the rows it applied by id: SQLite must never hand a
    # deleted row's id to a newer change, or that change would be lost.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int]
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def related_ids(obj, statement, when=("name", "kind")):
    """Ids `statement` selects, when one of the attributes `when` of `obj` changed.

    For watch functions of a parent object (an establishment whose name is in
    its vacancies' documents): called during the flush, so it reads through the
    flush's own connection.
    """
    state = inspect(obj)
    if state.pending or not any(state.attrs[name].history.has_changes() for name in when):
        return []
    return list(object_session(obj).connection().scalars(statement))


def _keys(session):
    for obj in (*session.new, *session.dirty, *session.deleted):
        for kind in KINDS.values():
            find = kind.watch.get(type(obj))
            if find is not None:
                for object_id in find(obj):
                    if object_id is not None:
                        yield kind.name, object_id


def _transactional():
    """Whether the backend takes the documents in the change's own transaction (PostgreSQL)."""
    return has_app_context() and search.backend().transactional


@event.listens_for(Session, "after_flush")
def _queue(session, _context):
    """Write the intent to reindex in the same transaction as the change (or, with a
    transactional backend, note what to write before this transaction commits)."""
    keys = set(_keys(session))
    if keys and _transactional():
        session.info.setdefault("search_keys", set()).update(keys)
    elif keys:
        session.connection().execute(insert(SearchPending), [
            {"kind": name, "object_id": object_id, "queued_at": utcnow()}
            for name, object_id in sorted(keys)])
        session.info["search_pending"] = True


@event.listens_for(Session, "after_commit")
def _after_commit(session):
    """The data is committed: bring the index up to date, never failing the caller.

    A savepoint released (`begin_nested`, as `create_user` does) fires this event too,
    while the outer transaction, and its pending rows, are not committed yet: draining
    then would read nothing and drop the flag that the real commit needs.
    """
    if session.in_nested_transaction():
        return
    if session.info.pop("search_pending", False) and has_app_context():
        try:
            drain(timeout=AFTER_COMMIT_WAIT)
        except Exception:  # the rows stay pending for the next drain
            log.exception("search index update failed; changes left pending")


@event.listens_for(Session, "before_commit")
def _write_documents(session):
    """A transactional backend: the documents of the objects changed, written in
    this very transaction, so the index can never be out of step."""
    if not (session.info.get("search_keys") or (session.dirty or session.new or session.deleted)
            and _transactional()):
        return
    session.flush()  # before_commit comes before commit's own flush: the last changes' keys
    if not session.info.get("search_keys"):
        return
    by_kind = {}
    for name, object_id in session.info.pop("search_keys"):
        by_kind.setdefault(name, set()).add(object_id)
    connection = session.connection()
    for name, ids in sorted(by_kind.items()):
        search.apply_in(connection, name, partial(_read_in, connection, KINDS[name], ids), ids)


def _read_in(connection, kind, ids):
    """{id: document or None} as `connection`'s transaction sees them now.

    A session of its own (a savepoint, rolled back: it only reads): no object
    the caller's session holds, loaded before another transaction's commit,
    is read stale once the documents' locks are held.
    """
    with Session(bind=connection, join_transaction_mode="create_savepoint") as reader:
        found = {obj.id: obj for obj in reader.scalars(
            select(kind.model).where(kind.model.id.in_(ids)))}
        return {object_id: _document(kind, found.get(object_id)) for object_id in ids}


@event.listens_for(Session, "after_rollback")
def _after_rollback(session):
    """Forget what the transaction queued; a savepoint rolled back leaves the outer
    transaction's changes to index (a key too many only re-reads an object)."""
    if session.in_nested_transaction():
        return
    session.info.pop("search_pending", None)
    session.info.pop("search_keys", None)


def drain(timeout=None):
    """Write every pending change into the index; True when none is left.

    `timeout`: the wait for the index's lock, the backend's own by default.
    """
    with Session(db.engine) as session:
        while True:
            rows = session.execute(select(SearchPending.id, SearchPending.kind,
                                          SearchPending.object_id)
                                   .order_by(SearchPending.id).limit(DRAIN_BATCH)).all()
            session.commit()
            if not rows:
                return True
            try:
                _apply(session, rows, timeout)
            except search.IndexBusy:
                log.warning("search index busy: %d changes left pending", len(rows))
                return False
            session.connection(execution_options={"write_lock": True})
            session.execute(delete(SearchPending).where(
                SearchPending.id.in_([row.id for row in rows])))
            session.commit()


def _apply(session, rows, timeout=None):
    by_kind = {}
    for row in rows:
        by_kind.setdefault(row.kind, set()).add(row.object_id)
    for name, ids in by_kind.items():
        kind = KINDS.get(name)
        if kind is None:
            continue
        search.apply_fresh(name, partial(_documents, session, kind, ids), timeout)
    session.commit()


def _documents(session, kind, ids):
    """{id: document or None} of `ids` as the database holds them now."""
    session.commit()  # a new snapshot, begun under the index lock (see apply_fresh)
    found = {obj.id: obj for obj in session.scalars(
        select(kind.model).where(kind.model.id.in_(ids)))}
    return {object_id: _document(kind, found.get(object_id)) for object_id in ids}


def _document(kind, obj):
    """The document of `obj` (None when it is gone), its labels always in French:
    searches are French, whatever language the person who saved it was reading."""
    if obj is None:
        return None
    with force_locale("fr"):
        return kind.to_document(obj)


def expected(kind, session=None):
    """{id: digest} of what the index of `kind` should hold, from the database."""
    session = session or db.session
    result = {}
    for obj in session.scalars(kind.searchable()):
        document = _document(kind, obj)
        if document is not None:
            result[obj.id] = search.digest(document)
    return result


def rebuild(kind, progress=lambda step: None, processes=1):
    """Rebuild one kind's index from the database; returns the document count.

    `processes`: how many sub-processes index the documents (search.rebuild).
    """
    count = 0

    def documents():
        nonlocal count
        # Called once the index's write lock is held (search.rebuild): a fresh
        # snapshot then holds every save the index lacks, and a save committed
        # after it stays pending (its drain finds the lock taken) for the drain
        # that follows. Without this, SQLite kept the snapshot of the first
        # kind's read for every later kind, and saves drained meanwhile were lost.
        db.session.commit()
        for obj in db.session.scalars(kind.searchable()).yield_per(500):
            progress(1)
            document = _document(kind, obj)
            if document is not None:
                count += 1
                yield obj.id, document

    search.rebuild(kind.name, documents(), processes)
    return count


def differences(kind):
    """(missing, extra, stale) ids between the database and the index."""
    want = expected(kind)
    have = search.stored_digests(kind.name)
    missing = sorted(set(want) - set(have))
    extra = sorted(set(have) - set(want))
    stale = sorted(i for i in set(want) & set(have) if want[i] != have[i])
    return missing, extra, stale


def matching(query, model, kind, text, ranked_order=True):
    """`query` restricted to the objects whose document matches `text`.

    The engine only gives ids; the caller's query keeps its own permission
    filter, so a stale index entry never shows anything. With `ranked_order`,
    the best hits come first. Without words in `text`, or when the index cannot
    be read, `query` is unchanged.
    """
    try:
        ids = search.ranked_ids(kind, text, RANK_LIMIT)
    except search.IndexUnreadable:
        unreadable()
        return query  # the list's plain results, its other filters kept
    if ids is None:
        return query
    if not ids:
        return query.where(false())
    query = query.where(model.id.in_(ids))
    if ranked_order:
        query = query.order_by(None).order_by(
            case({object_id: rank for rank, object_id in enumerate(ids)}, value=model.id))
    return query


def unreadable():
    """Note that this request's words could not be searched: base.html says so."""
    if has_request_context():
        g.search_unreadable = True
