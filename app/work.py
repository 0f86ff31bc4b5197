"""The unit of work: every write of the platform goes through one.

    with unit_of_work() as work:
        vacancy = work.lock(Vacancy, vacancy_id)      # None when gone
        check_allowed(can_withdraw_vacancy(actor, vacancy))  # the right, under the lock
        VACANCY.apply(vacancy, "withdraw", actor)
        record("vacancy_withdraw", actor=actor, obj=vacancy)
        work.after_commit(mail.send, author.email, "vacancy_withdrawn", vacancy=vacancy)

The context starts a write transaction (BEGIN IMMEDIATE on SQLite, so the
write lock is held before anything is read; app/database.py), locks the rows
it is asked for (SELECT … FOR UPDATE on PostgreSQL), commits when the block
ends and rolls back when it raises. What must follow the commit (mails, tasks,
index) is handed to `after_commit` and runs only once the commit succeeded,
never after a rollback; a failing hook is logged and never undoes the commit.

A unit of work opened inside another one joins it: only the outermost commits,
so a service may call another service.

Slow work (parsing a file, a network call) happens before the unit of work
starts, never inside it: SQLite has one writer at a time.
"""
import logging
from contextlib import contextmanager

from sqlalchemy import select

from app.database import begin_write
from app.extensions import db

log = logging.getLogger(__name__)
_DEPTH = "unit_of_work_depth"
_HOOKS = "after_commit_hooks"


def _for_update(query):
    """Lock the rows of the model selected, only: a relationship it loads by a join
    (lazy="joined") is an outer join, which PostgreSQL refuses to lock."""
    entity = query.column_descriptions[0].get("entity")
    return query.with_for_update(of=entity) if entity is not None else query.with_for_update()


class Work:
    """What a service may do inside its unit of work."""

    def lock(self, model, ident, **where):
        """Read one row of `model` by primary key, locked until the commit; None when gone.

        `where`: more column values the row must have (a row of another owner
        reads as gone).
        """
        query = select(model).where(model.__mapper__.primary_key[0] == ident)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return self.lock_one(query)

    def lock_one(self, query):
        """The one row a select finds (or None), locked until the commit."""
        return db.session.scalar(_for_update(query))

    def lock_all(self, query):
        """Every row a select finds, locked until the commit (order it: no deadlock)."""
        return db.session.scalars(_for_update(query)).all()

    def after_commit(self, hook, *args, **kwargs):
        """Run `hook(*args, **kwargs)` once the unit of work has committed."""
        after_commit(hook, *args, **kwargs)


@contextmanager
def unit_of_work():
    """Start (or join) a write unit of work; commit at the end, roll back on error."""
    session = db.session()
    depth = session.info.get(_DEPTH, 0)
    if depth == 0:
        begin_write()
        session.info[_HOOKS] = []
    session.info[_DEPTH] = depth + 1
    try:
        yield Work()
        if depth == 0:
            session.commit()
    except BaseException:
        if depth == 0:
            session.info.pop(_HOOKS, None)
            session.rollback()
        raise
    finally:
        session.info[_DEPTH] = depth
    if depth == 0:
        for hook, args, kwargs in session.info.pop(_HOOKS, []):
            _run(hook, args, kwargs)


def in_unit_of_work():
    """Whether a unit of work is under way in this session."""
    return db.session().info.get(_DEPTH, 0) > 0


def after_commit(hook, *args, **kwargs):
    """Run `hook` once the unit of work under way commits (at once when none is)."""
    session = db.session()
    if not in_unit_of_work():
        _run(hook, args, kwargs)
        return
    session.info[_HOOKS].append((hook, args, kwargs))


def _run(hook, args, kwargs):
    try:
        hook(*args, **kwargs)
    except Exception:  # the data is committed; the hook's own failure is its to record
        log.exception("after-commit hook %s failed", getattr(hook, "__name__", hook))
