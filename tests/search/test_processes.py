"""Several processes writing at once: the index loses nothing."""
import multiprocessing

from app import indexing
from app.extensions import db
from tests.search.conftest import indexed

PER_PROCESS = 6


def _publish(database_url, root, establishment_id, worker):
    """In a fresh process: publish vacancies one commit at a time."""
    from tests import factories
    from tests.conftest import make_app
    from app.database import begin_write
    from app.members.models import Establishment
    app = make_app(database_url, root)
    with app.app_context():
        establishment = db.session.get(Establishment, establishment_id)
        for n in range(PER_PROCESS):
            begin_write()  # the database's own lock; the index has its own
            factories.vacancy(establishment, status="published",
                              title=f"Infirmier {worker}-{n}")


def test_concurrent_writers_lose_nothing(app, database_url, tmp_path, member_a, runner):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_publish, args=(database_url, tmp_path,
                                                      member_a.establishment_id, n))
               for n in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [worker.exitcode for worker in workers] == [0, 0, 0]
    db.session.commit()  # see what the workers committed
    assert indexing.drain()
    assert len(indexed("vacancy")) == 3 * PER_PROCESS
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 0, result.output


def _rebuild_pausing(database_url, root, started, resume):
    """In a fresh process: `search rebuild`, paused at its first document."""
    from tests.conftest import make_app
    app = make_app(database_url, root)
    for kind in indexing.KINDS.values():
        kind.to_document = _pausing(kind.to_document, started, resume)
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["search", "rebuild", "--processes", "1"])
    assert result.exit_code == 0, result.output


def _pausing(to_document, started, resume):
    def pausing(obj):
        if not started.is_set():
            started.set()
            assert resume.wait(120)
        return to_document(obj)
    return pausing


def test_saves_made_during_a_rebuild_are_in_the_index_after_it(app, database_url, tmp_path,
                                                               runner, establishment_a):
    """Saves of every kind while `search rebuild` (another process) holds the first
    kind's index: those of later kinds are written at once, the first's stay pending."""
    from tests import factories
    first, *later = indexing.KINDS  # the order the rebuild goes in
    make = {"vacancy": lambda: factories.vacancy(establishment_a, status="published"),
            "cv": lambda: factories.cv_profile(), "training": factories.training_session}
    before = {name: make[name]().id for name in indexing.KINDS}
    context = multiprocessing.get_context("spawn")
    started, resume = context.Event(), context.Event()
    rebuild = context.Process(target=_rebuild_pausing,
                              args=(database_url, tmp_path, started, resume))
    rebuild.start()
    try:
        assert started.wait(120)
        during = {name: make[name]().id for name in [*later, first]}
    finally:
        resume.set()
        rebuild.join(120)
    assert rebuild.exitcode == 0
    db.session.commit()
    for name in indexing.KINDS:
        assert indexed(name) == {before[name], during[name]}, name
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 0, result.output
