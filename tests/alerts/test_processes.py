"""Two `alerts` runs at the same time: every user gets the news once, nobody twice."""
import multiprocessing
from collections import Counter

import time_machine

from tests import factories
from tests.alerts.helpers import saved_search
from tests.alerts.test_digest import LATER, NEXT_DAY, T0, linked

USERS = 6


def _run_alerts(database_url, root, start):
    """In a fresh process: wait for the common start, then run the daily command."""
    from tests.conftest import make_app
    app = make_app(database_url, root)
    with app.app_context(), time_machine.travel(NEXT_DAY, tick=True):
        start.wait(60)
        result = app.test_cli_runner().invoke(args=["alerts"])
    print(result.output, end="")
    raise SystemExit(result.exit_code)


def test_two_runs_at_once_mail_each_user_once(app, database_url, tmp_path, outbox,
                                              establishment_a):
    members = [factories.user("member", establishment=establishment_a) for _ in range(USERS)]
    with time_machine.travel(T0, tick=False):
        for member in members:
            saved_search(member, name="Infirmiers", query="infirmière")
    with time_machine.travel(LATER, tick=False):
        news = factories.vacancy(establishment_a, status="published", title="Infirmier de nuit")
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    runs = [context.Process(target=_run_alerts, args=(database_url, tmp_path, start))
            for _ in range(2)]
    for run in runs:
        run.start()
    start.set()  # both are ready or nearly: they claim the same users at the same time
    for run in runs:
        run.join(120)
    assert [run.exitcode for run in runs] == [0, 0]
    messages = outbox.messages()
    assert Counter(message["To"] for message in messages) == \
        Counter({member.email: 1 for member in members})
    for message in messages:
        assert linked(outbox.body(message), "http://localhost/pool/") == {news.id}
