"""`flask --app wsgi expire`: the pool's daily job."""
import click
from flask import current_app

from app.pool import expiry

# Mails link back to the site; without SERVER_NAME a job has no request to take it from.
DEFAULT_BASE_URL = "http://127.0.0.1:5000"


@click.command("expire")
def expire_command():
    """Expire vacancies past their date; remind members a week before (daily)."""
    base = None if current_app.config.get("SERVER_NAME") else DEFAULT_BASE_URL
    with current_app.test_request_context(base_url=base):
        expired = expiry.expire_due()
        reminded = expiry.remind_due()
    click.echo(f"Offres expirées : {expired}. Rappels envoyés : {reminded}.")
