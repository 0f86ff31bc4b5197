"""`flask --app wsgi expire`: the pool's daily job."""
import click

from app.pool import expiry


@click.command("expire")
def expire_command():
    """Expire vacancies past their date; remind members a week before (daily)."""
    expired = expiry.expire_due()
    reminded = expiry.remind_due()
    click.echo(f"Offres expirées : {expired}. Rappels envoyés : {reminded}.")
