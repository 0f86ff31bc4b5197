"""gunicorn's settings for every server of the project: `make run`, `make load`,
the tests that drive a real server, and production (README, Deployment).

Command-line options override them (`--bind`, `--workers`). gunicorn listens
on localhost only: nginx (deploy/nginx/) faces the internet, reads slow
request bodies and holds idle connections so that the sync workers never do.
"""
import multiprocessing
import os

from app.database import WORKER_TIMEOUT

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
worker_class = "sync"
# Every database wait (app/database.py) ends before a worker is killed, so a
# request stuck on a lock gets the French 503 page, not a bare 500.
timeout = WORKER_TIMEOUT
graceful_timeout = WORKER_TIMEOUT
