"""A periodic task of the tests: notes each run in COUNT_FILE, and lasts a second
(long enough for two consumers running it at once to overlap)."""
import os
import time

from huey import crontab

from app import tasks


@tasks.periodic(crontab(), name="count_run")
def count_run():
    if "COUNT_FILE" not in os.environ:  # a consumer of another test
        return
    with open(os.environ["COUNT_FILE"], "a", encoding="utf-8") as handle:
        handle.write(f"{os.getpid()}\n")
    time.sleep(1)
