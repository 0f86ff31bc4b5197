"""The task queue: huey, its store chosen by the settings, and the consumer.

Where tasks wait (`store_for`): the Redis or SQL store that `TASKS_URL` names;
else the PostgreSQL database of `DATABASE_URL` (huey's own tables, no other
server); else `instance/tasks.sqlite`. `TASKS_IMMEDIATE` (the tests) runs each
task in the process that enqueues it, at once.

A task is enqueued only after the unit of work that asks for it commits
(`enqueue_after_commit`), so a rolled-back change sends nothing. The consumer
(`flask --app wsgi tasks consume`) runs them; a task that still fails after
its retries is kept in `failed_task` and shown to staff (never dropped).

Periodic tasks (`periodic`) are started by every consumer's scheduler; a row
of `periodic_run` per task is claimed for each run's slot (its day for a
daily task), so two consumers never run the same slot twice, at once or not.
"""
import logging
import traceback
from contextlib import contextmanager
from datetime import datetime
from functools import wraps
from pathlib import Path

from flask import current_app, has_app_context
from huey import Huey, signals
from huey.storage import MemoryStorage, PostgresStorage, RedisStorage, SqliteStorage
from sqlalchemy import String, Text, func, insert, make_url, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from app.database import UTCDateTime
from app.extensions import db
from app.timeutil import utcnow
from app.work import after_commit, unit_of_work

log = logging.getLogger(__name__)
NAME = "gtec"
PG_SCHEMA = "task_queue"

huey = Huey(NAME, results=False, utc=True, storage_class=MemoryStorage)
_state = {"app": None}
PERIODIC = {}  # name: the periodic task


class FailedTask(db.Model):
    """A task that failed on its last try: kept for staff, never dropped."""

    __tablename__ = "failed_task"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    name: Mapped[str] = mapped_column(String(100))
    arguments: Mapped[str] = mapped_column(String(500))
    error: Mapped[str] = mapped_column(Text)


class PeriodicRun(db.Model):
    """The last slot each periodic task ran for (the claim two consumers race for)."""

    __tablename__ = "periodic_run"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    slot: Mapped[str] = mapped_column(String(30))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def store_for(config, instance_path):
    """The huey storage the settings name (see the module's docstring)."""
    url = config.get("TASKS_URL") or ""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage(NAME, url=url)
    database = make_url(url or config["DATABASE_URL"])
    # No connection at start-up: a web worker must start while the store is down.
    if database.get_backend_name() == "postgresql":
        dsn = database.set(drivername="postgresql").render_as_string(hide_password=False)
        # In a schema of its own: the queue's tables are huey's, not the migrations'.
        return PostgresStorage(NAME, dsn=dsn, connect_timeout=5, create_tables=False,
                               options=f"-c search_path={PG_SCHEMA}")
    path = database.database if url else str(Path(instance_path) / "tasks.sqlite")
    return SqliteStorage(NAME, filename=path, timeout=10, create_tables=False)


def prepare_store():
    """Create the store's tables when missing (`init-db`, the consumer's start)."""
    if isinstance(huey.storage, PostgresStorage):
        huey.storage.sql(f"CREATE SCHEMA IF NOT EXISTS {PG_SCHEMA}", commit=True)
    if hasattr(huey.storage, "initialize_schema"):
        huey.storage.initialize_schema()


def configure(app):
    """Point the queue at the store of this application's settings."""
    immediate = app.config.get("TASKS_IMMEDIATE", False)
    huey._immediate = immediate
    huey.storage = MemoryStorage(NAME) if immediate else store_for(app.config, app.instance_path)
    _state["app"] = app


def task(**options):
    """A huey task whose function runs inside an application context."""
    def decorator(function):
        return huey.task(name=function.__name__, **options)(_in_app(function))
    return decorator


def periodic(schedule, name=None, slot=lambda now: now.strftime("%Y-%m-%d"), **options):
    """A periodic task run by the consumers at `schedule` (a huey crontab), once a slot.

    Registered once per process (each create_app() asks again).
    """
    def decorator(function):
        task_name = name or function.__name__
        if task_name in PERIODIC:
            return function

        def run_once():
            with app_context():
                if claim_slot(task_name, slot(utcnow())):
                    function()
        run_once.__name__ = run_once.__qualname__ = task_name
        PERIODIC[task_name] = huey.periodic_task(schedule, name=task_name, **options)(run_once)
        return function
    return decorator


def claim_slot(name, slot):
    """Whether this process won `slot` of periodic task `name` (one winner across consumers)."""
    try:
        with unit_of_work():
            won = db.session.execute(update(PeriodicRun).where(
                PeriodicRun.name == name, PeriodicRun.slot < slot)
                .values(slot=slot, at=utcnow())).rowcount
            if not won and db.session.get(PeriodicRun, name) is None:
                db.session.execute(insert(PeriodicRun).values(name=name, slot=slot, at=utcnow()))
                won = 1
    except IntegrityError:  # another consumer inserted the first row at once
        return False
    return bool(won)


def enqueue_after_commit(task_function, *args):
    """Enqueue `task_function(*args)` once the unit of work under way commits."""
    after_commit(task_function, *args)


@contextmanager
def app_context():
    """The consumer's application context (the caller's own when there is one)."""
    if has_app_context():
        yield
        return
    with _state["app"].app_context():
        try:
            yield
        finally:
            db.session.remove()


def _in_app(function):
    @wraps(function)
    def inner(*args, **kwargs):
        with app_context():  # immediate mode: the enqueuing request's own context
            return function(*args, **kwargs)
    return inner


@huey.signal(signals.SIGNAL_ERROR)
def _keep_failure(signal, task, exc=None):
    """Record a task that failed on its last try, for staff."""
    if task.retries:  # huey retries it
        return
    app = current_app._get_current_object() if has_app_context() else _state["app"]
    error = "".join(traceback.format_exception(exc))[-4000:] if exc else "?"
    try:
        with app.app_context():
            with unit_of_work():
                db.session.add(FailedTask(name=task.name[:100], error=error,
                                          arguments=repr((task.args, task.kwargs))[:500]))
            db.session.remove()
    except Exception:  # the log line below still tells it
        log.exception("failed task %s could not be recorded", task.name)


def waiting():
    """How many tasks wait in the store (scheduled retries not counted)."""
    return huey.pending_count()


def consume(workers):
    """Run the consumer in this process until SIGTERM or SIGINT."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    prepare_store()
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=True,
                                    check_worker_health=True)
    consumer.run()


def failed_tasks(limit=100):
    return db.session.scalars(select(FailedTask).order_by(FailedTask.at.desc(),
                                                          FailedTask.id.desc()).limit(limit)).all()


def failed_count():
    return db.session.scalar(select(func.count(FailedTask.id)))
