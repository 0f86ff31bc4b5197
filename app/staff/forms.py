"""Forms of the staff back-office."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from app.auth.models import ROLES
from app.forms import PageForm, PlainForm, choices, plain_text, required, strip
from app.timeutil import utcnow


class CharterForm(PageForm):
    signed_on = DateField(_l("Charte signée le"), validators=[Optional()])

    def validate_signed_on(self, field):
        if field.data and field.data > utcnow().date():
            raise ValidationError(_l("La date de signature ne peut pas être dans le futur."))


class DecisionRejectForm(PageForm):
    """Reject one queue item: a coded reason of its kind and a comment for its author."""

    reason = SelectField(_l("Motif du refus"), validators=[required(_l("Choisissez un motif de refus."))])
    comment = TextAreaField(_l("Commentaire pour l'auteur (envoyé par courriel)"),
                            filters=[strip], validators=[
                                required(), Length(max=2000, message=_l("2000 caractères au plus.")),
                                plain_text])

    @classmethod
    def for_item(cls, item, **kwargs):
        """The form of one item; its prefix keeps field ids unique on the queue page."""
        form = cls(prefix=f"{item.kind.name}-{item.obj.id}", **kwargs)
        form.reason.choices = choices({"": _l("— Choisissez —"), **item.kind.reasons})
        return form


class AuditFilterForm(PlainForm):
    """The audit log's filters, read from the query string."""

    who = StringField(_l("Qui (nom ou adresse e-mail)"), filters=[strip],
                      validators=[Optional(), Length(max=100), plain_text])
    action = SelectField(_l("Action"), validators=[Optional()])
    since = DateField(_l("Du"), validators=[Optional()])
    until = DateField(_l("Au"), validators=[Optional()])

    def validate_until(self, field):
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("La date de fin précède la date de début."))

    def filters(self):
        """The valid filters as keyword arguments of app.audit.queries.filtered."""
        return {name: self[name].data or None for name in ("who", "action", "since", "until")}


USER_STATES = {"active": _l("Actifs"), "disabled": _l("Désactivés")}


class UserFilterForm(PlainForm):
    """The user list's search and filters, read from the query string."""

    q = StringField(_l("Nom ou adresse e-mail"), filters=[strip],
                    validators=[Optional(), Length(max=100), plain_text])
    role = SelectField(_l("Rôle"), choices=choices({"": _l("Tous"), **ROLES}),
                       validators=[Optional()])
    state = SelectField(_l("État"), choices=choices({"": _l("Tous"), **USER_STATES}),
                        validators=[Optional()])


class RoleForm(PageForm):
    role = SelectField(_l("Nouveau rôle"), choices=choices(ROLES), validators=[required()])
    establishment_id = SelectField(_l("Établissement (pour un membre)"), coerce=int,
                                   validators=[Optional()])
