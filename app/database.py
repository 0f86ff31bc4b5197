"""Database engine behaviour shared by every unit of work.

SQLite loses concurrent read-modify-write updates with its defaults, so every
SQLite connection runs in WAL mode with a busy timeout, and a unit of work that
writes starts with BEGIN IMMEDIATE (see begin_write) so that it holds the write
lock before it reads what it is going to change.

Every wait on the database is bounded below gunicorn's worker timeout
(WORKER_TIMEOUT, deploy/gunicorn.conf.py): a request that cannot get its lock
in time gets an OperationalError, answered with the French 503 page
(errors_views), instead of a worker killed mid-request.

A confirmed submission survives a power cut: SQLite runs with
synchronous=FULL, so each commit's WAL frames are on disk before the commit
returns (NORMAL only syncs at checkpoints and may lose the last commits);
PostgreSQL sessions keep synchronous_commit=on.
"""
import sqlite3
from datetime import timezone

from sqlalchemy import DateTime, event, func, select
from sqlalchemy.types import TypeDecorator
from sqlalchemy.engine import Engine

from app.extensions import db

WORKER_TIMEOUT = 30  # seconds; gunicorn's --timeout (deploy/gunicorn.conf.py)
BUSY_TIMEOUT_MS = 10_000  # SQLite: longest wait for the write lock
POSTGRES_LOCK_TIMEOUT_MS = 10_000  # PostgreSQL: longest wait for a row or table lock
POSTGRES_STATEMENT_TIMEOUT_MS = 20_000  # PostgreSQL: longest statement
POSTGRES_CONNECT_TIMEOUT = 5  # seconds, to open a connection
POSTGRES_OPTIONS = (f"-c lock_timeout={POSTGRES_LOCK_TIMEOUT_MS} "
                    f"-c statement_timeout={POSTGRES_STATEMENT_TIMEOUT_MS} "
                    "-c synchronous_commit=on")


@event.listens_for(Engine, "connect")
def _on_connect(dbapi_connection, _record):
    """Tune each new SQLite connection; leave other databases alone."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # The driver must not open transactions on its own: _on_begin does it.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")  # durable commits (module docstring)
    cursor.close()


@event.listens_for(Engine, "do_connect")
def _on_do_connect(dialect, _record, _cargs, cparams):
    """Bound every PostgreSQL connection's waits, unless the URL already says."""
    if dialect.name != "postgresql":
        return
    cparams.setdefault("connect_timeout", POSTGRES_CONNECT_TIMEOUT)
    cparams["options"] = f"{POSTGRES_OPTIONS} {cparams.get('options', '')}".strip()


@event.listens_for(Engine, "begin")
def _on_begin(connection):
    """Open SQLite transactions ourselves, IMMEDIATE when a write is announced."""
    if connection.dialect.name != "sqlite":
        return
    options = connection.get_execution_options()
    if options.get("isolation_level") == "AUTOCOMMIT":
        return  # asked for no transaction (a migration turning foreign keys off)
    if options.get("write_lock"):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


def begin_write():
    """Start a unit of work that will write, holding the write lock from its start.

    Whatever the session read before is committed away and expired, so every
    object the unit of work touches is read again under the lock.
    """
    db.session.commit()
    db.session.connection(execution_options={"write_lock": True})


MAX_PAGE = 100_000  # far past any real list; a bigger OFFSET overflows the databases' integers


def paginate(query, page, per_page):
    """One page of `query`; a page past the end (or absurdly far) is empty, never an error."""
    page = min(max(page or 1, 1), MAX_PAGE)
    return db.paginate(query, page=page, per_page=per_page, error_out=False, count=True)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite keeps no offset: without this, times read from it are naive and
    cannot be compared with utcnow().
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=timezone.utc)


def month_of(column):
    """'YYYY-MM' of a timestamp column, in SQL, on either database."""
    if db.engine.dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def by_month(columns, month_column, since, *where):
    """{'YYYY-MM': (values of `columns`…)} grouped by the month of `month_column`."""
    month = month_of(month_column)
    rows = db.session.execute(select(month, *columns).where(
        month_column >= since, *where).group_by(month)).all()
    return {row[0]: row[1:] for row in rows}


def render_migration_type(type_, obj, autogen_context):
    """Write UTCDateTime into migrations as the plain SQL type it stores as."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False
