"""`flask --app wsgi purge`: the daily data-retention job."""
import click

from app.cv import purge


@click.command("purge")
def purge_command():
    """Warn, then erase, candidates without contact for two years (run daily)."""
    counts = purge.run()
    click.echo(" · ".join(f"{name} : {count}" for name, count in counts.items()))
