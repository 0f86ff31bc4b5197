"""Forms of the staff back-office."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.validators import Optional, ValidationError

from app.timeutil import utcnow


class CharterForm(FlaskForm):
    signed_on = DateField(_l("Charte signée le"), validators=[Optional()])

    def validate_signed_on(self, field):
        if field.data and field.data > utcnow().date():
            raise ValidationError(_l("La date de signature ne peut pas être dans le futur."))


class ActionForm(FlaskForm):
    """An empty form: a button that only needs its CSRF token."""
