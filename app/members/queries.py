"""Reading member establishments for the pages."""
from sqlalchemy import select

from app.extensions import db
from app.members.models import Establishment


def active_members():
    """The establishments shown to the public, by name."""
    return db.session.scalars(
        select(Establishment).where(Establishment.is_active).order_by(Establishment.name)).all()
