"""Changes committed by another connection, as another request would make them between
the page a user saw and the form they submit."""
from sqlalchemy import update

from app.auth.models import User
from app.extensions import db
from app.members.models import Establishment


def elsewhere(statement):
    """Run and commit `statement` on a connection of its own."""
    with db.engine.begin() as connection:
        connection.execute(statement)


def suspend(establishment):
    """Staff suspend the establishment meanwhile."""
    elsewhere(update(Establishment).where(Establishment.id == establishment.id)
              .values(status="suspended"))


def demote(user):
    """A staff account loses its role meanwhile."""
    elsewhere(update(User).where(User.id == user.id).values(role="candidate"))
