"""Member establishments of the association."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import UTCDateTime
from app.extensions import db
from app.states import Lifecycle, move
from app.timeutil import utcnow

KINDS = {
    "ehpad": "EHPAD",
    "saad": _l("SAAD (aide à domicile)"),
    "ssiad": _l("SSIAD (soins infirmiers à domicile)"),
    "centre_sante": _l("Centre de santé"),
    "siae": _l("SIAE (insertion par l'activité économique)"),
    "other": _l("Autre"),
}
# A refused request is deleted with its accounts (nothing kept but the audit event).
REJECTION_REASONS = {
    "out_of_scope": _l("Hors du champ de l'association (secteur ou territoire)"),
    "unverified": _l("SIRET ou FINESS impossible à vérifier"),
    "duplicate": _l("Établissement déjà adhérent"),
    "incomplete": _l("Demande incomplète"),
}



def _end_sessions(establishment, _actor):
    """A suspended establishment's users are logged out everywhere at once."""
    for user in establishment.users:
        user.end_all_sessions()


# Staff approve a request (or refuse it: app.members.services deletes it), suspend an
# active member and reactivate it. Only an active establishment acts on the platform.
MEMBERSHIP = Lifecycle(
    "membership",
    states={"pending": _l("En attente"), "active": _l("Actif"), "suspended": _l("Suspendu")},
    groups={"pending": {"pending"}, "active": {"active"}, "suspended": {"suspended"}},
    transitions={"approve": move("pending", "active"),
                 "suspend": move("active", "suspended", changes=_end_sessions),
                 "reactivate": move("suspended", "active")},
    wrong_state=_l("Cette action n'est plus possible : l'établissement est déjà "
                   "« %(status)s »."),
)


class Establishment(db.Model):
    """A nursing home, home-care service, health centre… that joined or asks to."""

    __tablename__ = "establishment"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('ehpad', 'saad', 'ssiad', 'centre_sante', 'siae', 'other')",
            name="kind"),
        MEMBERSHIP.check(),
        CheckConstraint("siret IS NOT NULL OR finess IS NOT NULL", name="identified"),
        CheckConstraint("siret IS NULL OR length(siret) = 14", name="siret_length"),
        CheckConstraint("finess IS NULL OR length(finess) = 9", name="finess_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    siret: Mapped[str | None] = mapped_column(String(14), unique=True)
    finess: Mapped[str | None] = mapped_column(String(9), unique=True)
    address: Mapped[str] = mapped_column(String(300))
    postcode: Mapped[str] = mapped_column(String(5))
    commune: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    charter_signed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    users = relationship("User", back_populates="establishment",
                         order_by="User.last_name")

    @property
    def kind_label(self):
        """The kind as shown on screen."""
        return KINDS[self.kind]

    @property
    def status_label(self):
        """The membership status as shown on screen."""
        return MEMBERSHIP.label(self.status)

    is_pending = MEMBERSHIP.member_of("pending")
    is_active = MEMBERSHIP.member_of("active")  # only active establishments act on the platform
    is_suspended = MEMBERSHIP.member_of("suspended")

    def __repr__(self):
        return f"<Establishment {self.id} {self.name!r}>"
