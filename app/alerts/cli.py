"""`flask --app wsgi alerts`: the saved searches' daily digest."""
import click

from app.alerts import digest


@click.command("alerts")
def alerts_command():
    """Tell each user the new results of their saved searches (daily)."""
    try:
        report = digest.run()
    except digest.IndexLagging:
        click.echo("Index de recherche occupé : aucune alerte envoyée, rien n'est perdu ; "
                   "relancez la commande plus tard.")
        raise SystemExit(1) from None
    click.echo(f"Alertes de recherche : {report.mailed} utilisateur(s) prévenu(s), "
               f"{report.items} résultat(s) nouveau(x).")
    if report.failed:
        click.echo(f"Échec de l'envoi pour {len(report.failed)} utilisateur(s) "
                   f"(id {', '.join(map(str, report.failed))}) : réessayé au prochain passage.")
        raise SystemExit(1)
