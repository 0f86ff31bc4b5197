"""Forms of the second-factor pages."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, PasswordField, StringField
from wtforms.validators import Length

from app.forms import PageForm, plain_text, required, strip


class CodeForm(PageForm):
    code = StringField(_l("Code"), filters=[strip],
                       validators=[required(_l("Saisissez le code.")), Length(max=40)])


class PasswordConfirmForm(PageForm):
    password = PasswordField(_l("Mot de passe"), validators=[required(), Length(max=200)])


class SecuritySettingsForm(PageForm):
    mfa_required = BooleanField(
        _l("Double authentification obligatoire pour les membres et l'équipe"))


class PasskeyForm(PageForm):
    """The browser's answer, put in a hidden field by passkeys.js, and a name for a new key."""

    name = StringField(_l("Nom de la clé (par exemple « téléphone »)"), filters=[strip],
                       validators=[Length(max=100), plain_text])
    credential = HiddenField(validators=[
        required(_l("Votre navigateur n'a pas donné de clé d'accès : réessayez.")),
        Length(max=20000)])
