"""Forms of the accounts pages."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField
from wtforms.validators import Length

from app.forms import PageForm, email_field, name_field, new_password_fields, required


class LoginForm(PageForm):
    email = email_field()
    password = PasswordField(_l("Mot de passe"), validators=[required(), Length(max=200)])


class RegisterForm(PageForm):
    first_name = name_field(_l("Prénom"))
    last_name = name_field(_l("Nom"))
    email = email_field()
    password, confirm = new_password_fields()
    consent = BooleanField(
        _l("J'ai lu l'information sur la protection des données et j'accepte que "
           "mes données soient traitées pour ma recherche d'emploi."),
        validators=[required(_l("Votre accord est nécessaire pour créer un compte."))])


class ResetRequestForm(PageForm):
    email = email_field()


class AccountPasswordForm(PageForm):
    """A new password for an account whose address is known but not on the form."""

    def __init__(self, *args, account_email=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.account_email = account_email  # read by the strong_password validator


class ResetForm(AccountPasswordForm):
    password, confirm = new_password_fields()


class ChangePasswordForm(AccountPasswordForm):
    current = PasswordField(_l("Mot de passe actuel"), validators=[required(), Length(max=200)])
    password, confirm = new_password_fields()


class InvitationForm(AccountPasswordForm):
    first_name = name_field(_l("Prénom"))
    last_name = name_field(_l("Nom"))
    password, confirm = new_password_fields()


class ConfirmForm(PageForm):
    """A button only: the sign-up link's page posts it to create the account."""
