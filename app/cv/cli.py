"""`flask --app wsgi purge`: the daily data-retention job."""
import click
from flask import current_app

from app.cv import purge
from app.pool.cli import DEFAULT_BASE_URL


@click.command("purge")
def purge_command():
    """Warn, then erase, candidates without contact for two years (run daily)."""
    base = None if current_app.config.get("SERVER_NAME") else DEFAULT_BASE_URL
    with current_app.test_request_context(base_url=base):
        counts = purge.run()
    click.echo(" · ".join(f"{name} : {count}" for name, count in counts.items()))
