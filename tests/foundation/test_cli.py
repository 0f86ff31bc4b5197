"""The command-line tools of the README."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.auth.models import User
from app.auth.passwords import verify_password
from app.extensions import db
from app.members.models import Establishment
from app.seed import DEMO_PASSWORD


def test_migrations_match_the_models(app):
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_init_db_is_safe_to_run_again(runner):
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output


def test_seed_demo_creates_the_documented_accounts_once(runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["seed-demo"])
    assert "0 élément" in second.output
    roles = {"staff@example.org": "staff", "ehpad@example.org": "member",
             "domicile@example.org": "member", "candidat@example.org": "candidate"}
    for email, role in roles.items():
        user = db.session.scalar(db.select(User).where(User.email == email))
        assert user.role == role and verify_password(user.password_hash, DEMO_PASSWORD)
    assert db.session.scalar(db.select(User).where(User.email == "ehpad@example.org")).establishment.kind == "ehpad"
    assert db.session.scalar(db.select(User).where(User.email == "domicile@example.org")).establishment.kind == "saad"
    kinds = set(db.session.scalars(db.select(Establishment.kind)))
    assert kinds == {"ehpad", "saad", "ssiad", "centre_sante", "siae", "other"}


def test_demo_accounts_log_in(runner, auth):
    runner.invoke(args=["seed-demo"])
    assert auth.login("ehpad@example.org", DEMO_PASSWORD).status_code == 302


def test_create_user_makes_a_staff_account(runner):
    result = runner.invoke(args=["create-user", "--email", "Chargee@Example.org", "--role", "staff",
                                 "--first-name", "Anne", "--last-name", "Roux",
                                 "--password", "une phrase bien longue"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).where(User.email == "chargee@example.org"))
    assert user.role == "staff"


def test_create_user_member_needs_an_establishment(runner, establishment_a):
    args = ["create-user", "--email", "rh@example.org", "--role", "member", "--first-name",
            "Luc", "--last-name", "Roux", "--password", "une phrase bien longue"]
    assert runner.invoke(args=args).exit_code != 0
    result = runner.invoke(args=args + ["--establishment-id", str(establishment_a.id)])
    assert result.exit_code == 0, result.output


def test_create_user_refuses_bad_input(runner, candidate):
    base = ["create-user", "--role", "candidate", "--first-name", "A", "--last-name", "B"]
    weak = runner.invoke(args=base + ["--email", "a@example.org", "--password", "azerty"])
    assert weak.exit_code != 0 and "12 caractères" in weak.output
    bad = runner.invoke(args=base + ["--email", "pas une adresse", "--password", "une phrase bien longue"])
    assert bad.exit_code != 0 and "invalide" in bad.output
    taken = runner.invoke(args=base + ["--email", candidate.email, "--password", "une phrase bien longue"])
    assert taken.exit_code != 0 and "existe déjà" in taken.output


def test_seed_demo_if_empty_leaves_a_used_database_alone(runner, candidate):
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1
