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
