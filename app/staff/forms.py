"""Forms of the staff back-office."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from app.forms import choices, plain_text, required, strip
from app.timeutil import utcnow


class CharterForm(FlaskForm):
    signed_on = DateField(_l("Charte signée le"), validators=[Optional()])

    def validate_signed_on(self, field):
        if field.data and field.data > utcnow().date():
            raise ValidationError(_l("La date de signature ne peut pas être dans le futur."))


class ActionForm(FlaskForm):
    """An empty form: a button that only needs its CSRF token."""


class DecisionRejectForm(FlaskForm):
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
