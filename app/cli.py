"""Command-line tools: `flask --app wsgi <command>`."""
import functools
import os
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from email_validator import EmailNotValidError, validate_email
from flask_migrate import upgrade
from sqlalchemy import func, select

from huey import crontab

from app import deploy, indexing, search, tasks
from app.auth.models import User
from app.auth.passwords import hash_password, password_problem
from app.auth.services import create_user
from app.errors import DomainError
from app.extensions import db
from app.timeutil import utcnow
from app.members.models import Establishment
from app.work import unit_of_work


@click.command("init-db")
@with_appcontext
def init_db():
    """Create or upgrade the database schema (runs the migrations)."""
    upgrade()
    tasks.prepare_store()
    click.echo("Base de données à jour.")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only when the database has no account yet.")
@with_appcontext
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
@with_appcontext
def create_user_command(email, role, first_name, last_name, establishment_id, password):
    """Create an account; the only way to create a staff account."""
    try:
        email = validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise click.UsageError(f"Adresse e-mail invalide : {error}") from error
    problem = password_problem(password, email)
    if problem:
        raise click.UsageError(str(problem))
    establishment = None
    if role == "member":
        establishment = db.session.get(Establishment, establishment_id or 0)
        if establishment is None:
            raise click.UsageError("--establishment-id doit désigner un établissement existant.")
    password_hash = hash_password(password)  # argon2, before the write lock
    try:
        with unit_of_work():
            user = create_user(email, None, first_name, last_name, role, establishment,
                               password_hash=password_hash)
    except DomainError as error:
        raise click.UsageError(str(error)) from error
    click.echo(f"Compte {user.role} créé : {user.email} (id {user.id}).")


@click.group("search")
def search_group():
    """Keep the full-text index in step with the database."""


@search_group.command("rebuild")
@click.option("--processes", type=click.IntRange(1, 16), default=lambda: os.cpu_count() or 1,
              show_default="un par cœur", help="Processus qui indexent en parallèle.")
@with_appcontext
def search_rebuild(processes):
    """Rebuild every index from the database, with a progress bar."""
    for kind in search.KINDS.values():
        total = db.session.scalar(select(func.count()).select_from(kind.searchable().subquery()))
        with click.progressbar(length=total, label=f"{kind.name:>10}") as bar:
            try:
                count = indexing.rebuild(kind, progress=bar.update, processes=processes)
            except search.IndexBusy as error:
                raise click.ClickException(
                    "Index occupé par une autre écriture : relancez dans un moment.") from error
            except search.IndexBuildFailed as error:
                raise click.ClickException(
                    "L'indexation a échoué (voir l'erreur ci-dessus) ; l'index est resté "
                    "tel qu'il était.") from error
        click.echo(f"{kind.name} : {count} document(s) indexé(s).")
    indexing.drain()


@search_group.command("check")
@with_appcontext
def search_check():
    """Read every segment, then compare index and database; exit 1 on damage or differences."""
    damaged = [problem for problem in map(search.damage, search.KINDS) if problem]
    for problem in damaged:
        click.echo(f"Index illisible : {problem}")
    if damaged:
        click.echo("Reconstruisez l'index : « flask --app wsgi search rebuild ».")
        raise SystemExit(1)
    indexing.drain()
    clean = True
    for kind in search.KINDS.values():
        missing, extra, stale = indexing.differences(kind)
        for label, ids in (("absent(s) de l'index", missing), ("en trop dans l'index", extra),
                           ("périmé(s) dans l'index", stale)):
            if ids:
                clean = False
                click.echo(f"{kind.name} : {len(ids)} {label} : {_preview(ids)}")
    if not clean:
        click.echo("L'index diffère de la base : lancez « flask --app wsgi search rebuild ».")
        raise SystemExit(1)
    click.echo("Index et base de données concordent.")


@search_group.command("sync")
@with_appcontext
def search_sync():
    """Write the changes still waiting into the index."""
    done = indexing.drain()
    click.echo("Index à jour." if done else "Index occupé : des changements restent en attente.")
    if not done:
        raise SystemExit(1)


@click.group("mail")
def mail_group():
    """Mails that failed after their commit."""


@mail_group.command("retry")
@with_appcontext
def mail_retry():
    """Send again now the messages recorded as failed; exit 1 while some still fail."""
    from app.notifications.delivery import retry_failed
    sent, failing = retry_failed()
    click.echo(f"Courriels renvoyés : {sent}. Toujours en échec : {failing}.")
    if failing:
        raise SystemExit(1)


@click.group("tasks")
def tasks_group():
    """The task queue's consumer."""


@tasks_group.command("consume")
@click.option("--workers", type=click.IntRange(1, 32), default=None,
              help="Threads running tasks (default: TASKS_WORKERS).")
@with_appcontext
def tasks_consume(workers):
    """Run the tasks and the daily jobs until stopped (SIGTERM, SIGINT)."""
    if current_app.config["TASKS_IMMEDIATE"]:
        raise click.UsageError("TASKS_IMMEDIATE est activé : aucune tâche n'attend de consommateur.")
    tasks.consume(workers or current_app.config["TASKS_WORKERS"])


@tasks_group.command("pending")
@with_appcontext
def tasks_pending():
    """Print how many tasks wait in the store."""
    click.echo(f"Tâches en attente : {tasks.waiting()}.")


@click.command("check-deploy")
@click.option("--workers", type=int, default=None,
              help="Worker processes of the server (default: WEB_CONCURRENCY or 1).")
@with_appcontext
def check_deploy(workers):
    """Exit 1 and say why when the configuration is unsafe for production."""
    found = deploy.problems(current_app.config, workers or deploy.worker_count(),
                            debug=deploy.debug_requested(current_app))
    for problem in found:
        click.echo(f"✗ {problem}")
    if found:
        raise SystemExit(1)
    click.echo("✓ Configuration prête pour la production.")


@click.command("backup")
@click.option("--output", type=click.Path(dir_okay=False),
              help="Archive to write (default: instance/backups/gtec-<date>.tar.gz).")
@with_appcontext
def backup_command(output):
    """Archive the database and the uploads, while the site keeps running."""
    from app import backup
    output = output or Path(current_app.instance_path) / "backups" / \
        f"gtec-{utcnow():%Y%m%d-%H%M%S}.tar.gz"
    manifest = backup.create(current_app.config["DATABASE_URL"],
                             current_app.config["UPLOAD_FOLDER"], output)
    click.echo(f"Sauvegarde écrite : {output} ({sum(manifest['tables'].values())} lignes, "
               f"{len(manifest['files'])} fichiers).")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(archive, yes):
    """Replace the database and the uploads by those of a backup archive."""
    from app import backup
    if not yes:
        click.confirm("La base et les fichiers actuels seront remplacés. Continuer ?",
                      abort=True)
    try:
        manifest = backup.restore(archive, current_app.config["DATABASE_URL"],
                                  current_app.config["UPLOAD_FOLDER"])
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    for kind in search.KINDS.values():
        indexing.rebuild(kind)
    click.echo(f"Restauration faite (sauvegarde du {manifest['created_at']}) ; "
               "index de recherche reconstruit.")


def _preview(ids, limit=20):
    shown = ", ".join(str(i) for i in ids[:limit])
    return shown + (" …" if len(ids) > limit else "")


# The daily commands, also periodic tasks of the consumer (Paris time: huey's
# crontab reads the consumer's clock in UTC, so these are UTC hours in winter).
DAILY = {"backup": crontab(hour=1, minute=15), "expire": crontab(hour=1, minute=30),
         "purge": crontab(hour=1, minute=45), "remind": crontab(hour=6, minute=0),
         "alerts": crontab(hour=6, minute=5)}


def run_command(command, name):
    """Run a click command as the consumer's periodic task; a non-zero exit raises."""
    try:
        command.main(args=[], prog_name=name, standalone_mode=False)
    except SystemExit as stop:
        if stop.code:
            raise RuntimeError(f"`flask {name}` exited with {stop.code}") from None


def _daily_tasks(commands):
    """Each daily command becomes a periodic task of that name, run once a day."""
    for name, schedule in DAILY.items():
        tasks.periodic(schedule, name=name, retries=2, retry_delay=600)(
            functools.partial(run_command, commands[name], name))


def init_app(app):
    """Register the commands on the application."""
    from app.alerts.cli import alerts_command
    from app.cv.cli import purge_command
    from app.pool.cli import expire_command
    from app.training.reminders import remind
    for command in (init_db, seed_demo, create_user_command, search_group, mail_group,
                    tasks_group, check_deploy, backup_command, restore_command, expire_command,
                    remind, purge_command, alerts_command):
        app.cli.add_command(command)
    _daily_tasks({"backup": backup_command, "expire": expire_command, "purge": purge_command,
                  "remind": remind, "alerts": alerts_command})
