"""`flask --app wsgi alerts`: the saved searches' daily digest."""
import click
from flask import current_app

from app.alerts import digest
from app.pool.cli import DEFAULT_BASE_URL


@click.command("alerts")
def alerts_command():
    """Mail each user the new results of their saved searches (daily)."""
    base = None if current_app.config.get("SERVER_NAME") else DEFAULT_BASE_URL
    with current_app.test_request_context(base_url=base):
        try:
            report = digest.run()
        except digest.IndexLagging:
            click.echo("Index de recherche occupé : aucune alerte envoyée, rien n'est perdu ; "
                       "relancez la commande plus tard.")
            raise SystemExit(1) from None
    click.echo(f"Alertes de recherche : {report.mailed} courriel(s) envoyé(s), "
               f"{report.items} résultat(s) nouveau(x).")
    if report.failed:
        click.echo(f"Échec de l'envoi pour {len(report.failed)} utilisateur(s) "
                   f"(id {', '.join(map(str, report.failed))}) : réessayé au prochain passage.")
        raise SystemExit(1)
