"""Forms of the wallet: a credential (type, number, dates, proof) and the confirmations."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, StringField
from wtforms.validators import Length, Optional, ValidationError

from app.credentials.rules import computed_expiry, rpps_ok
from app.forms import PageForm, plain_text, required, select, strip
from app.referentials import CREDENTIAL_RPPS, CREDENTIALS


def _digits(value):
    return "".join(value.split()) if value else value


class CredentialForm(PageForm):
    type = select(_l("Type"), CREDENTIALS, blank=_l("— choisir —"))
    number = StringField(_l("Numéro (RPPS pour un infirmier)"), filters=[strip, _digits],
                         validators=[Length(max=40, message=_l(
                             "%(max)d caractères au plus.", max=40)), plain_text])
    obtained_on = DateField(_l("Obtenu le"), validators=[required(
        _l("Indiquez la date d'obtention (jj/mm/aaaa)."))])
    expires_on = DateField(_l("Expire le (si le document a une date de fin)"),
                           validators=[Optional()])
    proof = FileField(_l("Justificatif (PDF)"))

    def validate_number(self, field):
        if self.type.data in CREDENTIAL_RPPS:
            if not field.data:
                raise ValidationError(_l("Indiquez le numéro RPPS (11 chiffres)."))
            if not rpps_ok(field.data):
                raise ValidationError(_l("Numéro RPPS invalide : 11 chiffres dont une clé de "
                                         "contrôle ; vérifiez-le sur votre carte."))

    def validate_expires_on(self, field):
        if computed_expiry(self.type.data, self.obtained_on.data) is not None:
            return  # computed from the obtention: what was typed is ignored
        if field.data and self.obtained_on.data and field.data < self.obtained_on.data:
            raise ValidationError(_l("La date d'expiration ne peut pas précéder la date "
                                     "d'obtention."))
