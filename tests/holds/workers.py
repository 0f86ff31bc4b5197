"""Running units of work in several processes that start at the same moment.

Each process builds its own application on the test database (SQLite file or
PostgreSQL), waits at a barrier, then runs its jobs; every outcome comes back
to the test ("ok" or the error's repr) so that nothing is lost in a child.
"""
import importlib
import multiprocessing

TIMEOUT = 120


def _run(database_url, root, jobs, barrier, results, timeout=TIMEOUT):
    from app.extensions import db
    from tests.conftest import make_app
    app = make_app(database_url, root)
    with app.app_context():
        barrier.wait(timeout=timeout)
        for target, args in jobs:
            module, _, name = target.rpartition(".")
            try:
                getattr(importlib.import_module(module), name)(*args)
            except Exception as error:  # reported to the test
                db.session.rollback()
                results.put((target, repr(error)))
            else:
                results.put((target, "ok"))
        db.engine.dispose()


def run_together(database_url, root, jobs_per_process, timeout=TIMEOUT):
    """Run each list of (dotted function, args) in its own process; all outcomes.

    `timeout`: how long to wait for the processes to start and for each outcome
    (many processes on a loaded machine take minutes to start)."""
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(len(jobs_per_process)), context.Queue()
    processes = [context.Process(target=_run, args=(database_url, root / f"p{n}", jobs,
                                                    barrier, results, timeout))
                 for n, jobs in enumerate(jobs_per_process)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=timeout)
                for jobs in jobs_per_process for _job in jobs]
    for process in processes:
        process.join(timeout=timeout)
        assert process.exitcode == 0
    return outcomes
