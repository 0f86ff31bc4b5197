"""Command-line tools: `flask --app wsgi <command>`."""
import click
from email_validator import EmailNotValidError, validate_email
from flask_migrate import upgrade
from sqlalchemy import select

from app.auth.models import User
from app.auth.passwords import password_problem
from app.auth.services import create_user
from app.errors import DomainError
from app.extensions import db
from app.members.models import Establishment


@click.command("init-db")
def init_db():
    """Create or upgrade the database schema (runs the migrations)."""
    upgrade()
    click.echo("Base de données à jour.")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only when the database has no account yet.")
def seed_demo(if_empty):
    """Load the French demo data and demo accounts (safe to run twice)."""
    from app.seed import seed
    if if_empty and db.session.scalar(select(User.id).limit(1)) is not None:
        click.echo("Des comptes existent déjà : rien n'est ajouté.")
        return
    created = seed()
    click.echo(f"Données de démonstration : {created} élément(s) ajouté(s).")


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--role", type=click.Choice(["staff", "member", "candidate"]), required=True)
@click.option("--first-name", required=True)
@click.option("--last-name", required=True)
@click.option("--establishment-id", type=int, help="Required for a member.")
@click.password_option(help="Asked for when not given.")
def create_user_command(email, role, first_name, last_name, establishment_id, password):
    """Create an account; the only way to create a staff account."""
    try:
        email = validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise click.UsageError(f"Adresse e-mail invalide : {error}") from error
    problem = password_problem(password)
    if problem:
        raise click.UsageError(str(problem))
    establishment = None
    if role == "member":
        establishment = db.session.get(Establishment, establishment_id or 0)
        if establishment is None:
            raise click.UsageError("--establishment-id doit désigner un établissement existant.")
    try:
        user = create_user(email, password, first_name, last_name, role,
                           establishment)
    except DomainError as error:
        raise click.UsageError(str(error)) from error
    db.session.commit()
    click.echo(f"Compte {user.role} créé : {user.email} (id {user.id}).")


def init_app(app):
    """Register the commands on the application."""
    from app.cv.cli import purge_command
    from app.pool.cli import expire_command
    for command in (init_db, seed_demo, create_user_command, expire_command, purge_command):
        app.cli.add_command(command)
