"""Forms of the members pages: joining, inviting a colleague."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import Length, Optional, Regexp, ValidationError

from app.forms import (NUMERIC, POSTCODE, PageForm, choices, email_field, name_field,
                       new_password_fields, plain_text, required, strip)
from app.members.models import KINDS
from app.members.validators import finess_ok, normalise_identifier, siret_ok


class JoinForm(PageForm):
    name = name_field(_l("Nom de l'établissement"), max_length=200)
    kind = SelectField(_l("Type d'établissement"), choices=choices(KINDS),
                       validators=[required()])
    siret = StringField(_l("SIRET (14 chiffres)"), filters=[normalise_identifier],
                        render_kw=NUMERIC)
    finess = StringField(_l("FINESS (9 chiffres)"), filters=[normalise_identifier],
                         render_kw=NUMERIC)
    address = StringField(_l("Adresse"), filters=[strip],
                          validators=[required(), Length(max=300), plain_text])
    postcode = StringField(_l("Code postal"), filters=[strip], validators=[
        required(), Regexp(r"^\d{5}$", message=_l("Le code postal compte 5 chiffres."))],
        render_kw=POSTCODE)
    commune = name_field(_l("Commune"))
    phone = StringField(_l("Téléphone"), filters=[strip], validators=[
        Optional(), Regexp(r"^\+?[\d .-]{10,20}$", message=_l("Numéro de téléphone invalide."))],
        render_kw={"inputmode": "tel", "autocomplete": "tel"})
    first_name = name_field(_l("Votre prénom"))
    last_name = name_field(_l("Votre nom"))
    email = email_field(_l("Votre adresse e-mail professionnelle"))
    password, confirm = new_password_fields()
    charter = BooleanField(
        _l("J'ai lu la charte d'intervention concertée de l'association."),
        validators=[required(_l("Lisez la charte avant de demander l'adhésion."))])

    def validate_siret(self, field):
        if field.data and not siret_ok(field.data):
            raise ValidationError(_l("SIRET invalide : 14 chiffres, clé de contrôle comprise."))
        if not field.data and not self.finess.data:
            raise ValidationError(_l("Indiquez le SIRET ou le numéro FINESS."))

    def validate_finess(self, field):
        if field.data and not finess_ok(field.data):
            raise ValidationError(_l("Numéro FINESS invalide : 9 chiffres."))


class InviteForm(PageForm):
    email = email_field(_l("Adresse e-mail du collègue"))
