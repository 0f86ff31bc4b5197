"""`flask --app wsgi mfa reset --email E`: for the operator, when no staff can sign in."""
import click
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.mfa import services
from app.mfa.blueprint import bp


@bp.cli.command("reset")
@click.option("--email", required=True, help="The account whose second factors are lost.")
def reset_command(email):
    """Remove every second factor of an account (audited, its sessions ended)."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        click.echo(f"Aucun compte pour {email}.")
        raise SystemExit(1)
    services.reset_factors(None, user.id)
    click.echo(f"Double authentification de {user.email} réinitialisée : "
               "elle ajoutera un nouveau facteur à sa prochaine connexion.")
