"""Forms of the pool profile (join, edit) and of a member's invitation.

Every bad input gets its French message next to its field: an unknown occupation,
diploma or commune, a weekly ceiling over 48 h, an invalid French mobile.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from app import communes
from app.extensions import db
from app.forms import (NUMERIC, MultiCheckboxField, PageForm, choices, email_field, plain_text,
                       required, strip)
from app.members.models import Establishment
from app.notifications.channels import CHANNELS
from app.notifications.sms import INVALID as INVALID_MOBILE, normalize_mobile
from app.referentials import DIPLOMAS, OCCUPATIONS
from app.replacements.models import CONSENT_TEXT, MAX_WEEKLY_HOURS


def known(mapping, message):
    """Each ticked value must be one of `mapping` (a forged value gets `message`)."""
    def check(form, field):
        unknown = [value for value in field.data or () if value not in mapping]
        if unknown:
            raise ValidationError(message)
    return check


def boxes(label, mapping, message):
    return MultiCheckboxField(label, choices=choices(mapping), validate_choice=False,
                              validators=[known(mapping, message)])


def one_commune(text):
    """The one commune `text` names, or the French reason why not."""
    found = communes.resolve(text)
    if not found:
        raise ValidationError(_l("Commune inconnue : « %(text)s ». Tapez son nom, avec son "
                                 "code postal au besoin (ex. : Flers 61100).", text=text[:60]))
    if len(found) > 1:
        raise ValidationError(_l(
            "Plusieurs communes s'appellent « %(text)s » : ajoutez le code postal "
            "(ex. : %(example)s).", text=text[:60], example=found[0].label))
    return found[0]


def _home(form, field):
    form.home = one_commune(field.data)


def _others(form, field):
    names = [part.strip() for part in (field.data or "").replace(";", ",").split(",")]
    form.others = list({c.insee: c for c in map(one_commune, filter(None, names))}.values())
    if len(form.others) > 30:
        raise ValidationError(_l("30 communes au plus."))


def _mobile(form, field):
    if field.data and normalize_mobile(field.data) is None:
        raise ValidationError(INVALID_MOBILE)


def active_establishments():
    """{id (as text): name} of the establishments a professional may say they work for."""
    rows = db.session.execute(select(Establishment.id, Establishment.name)
                              .where(Establishment.is_active).order_by(Establishment.name))
    return {str(ident): name for ident, name in rows}


class ProfileForm(PageForm):
    occupations = boxes(_l("Métiers que j'exerce"), OCCUPATIONS, _l("Métier inconnu."))
    diplomas = boxes(_l("Mes diplômes"), DIPLOMAS, _l("Diplôme inconnu."))
    home_commune = StringField(_l("Ma commune"), filters=[strip], validators=[
        required(), Length(max=120), plain_text, _home],
        render_kw={"autocomplete": "address-level2"})
    radius_km = IntegerField(_l("Jusqu'à combien de km de chez moi"), default=20,
                             render_kw=NUMERIC, validators=[
        required(_l("Indiquez une distance (0 : seulement les communes listées).")),
        NumberRange(0, 200, message=_l("Entre 0 et 200 km."))])
    other_communes = StringField(_l("Autres communes où je vais (séparées par des virgules)"),
                                 filters=[strip], validators=[
        Optional(), Length(max=1500), plain_text, _others])
    employers = MultiCheckboxField(_l("Établissements pour lesquels je travaille déjà"),
                                   validate_choice=False)
    mobile_phone = StringField(_l("Téléphone mobile (facultatif, pour les SMS)"),
                               filters=[strip], validators=[Optional(), _mobile],
                               render_kw={"inputmode": "tel", "autocomplete": "tel"})
    channels = MultiCheckboxField(_l("Comment me prévenir d'une mission"),
                                  validate_choice=False)
    weekly_ceiling_hours = IntegerField(
        _l("Heures par semaine au plus, tous employeurs compris"), default=35,
        render_kw=NUMERIC, validators=[
            required(_l("Indiquez un nombre d'heures par semaine.")),
            NumberRange(1, MAX_WEEKLY_HOURS, message=_l(
                "Entre 1 et %(max)d heures : la loi limite le travail à %(max)d heures "
                "par semaine.", max=MAX_WEEKLY_HOURS))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.home, self.others = None, []
        establishments = active_establishments()
        self.employers.choices = choices(establishments)
        self.employers.validators = [known(establishments, _l("Établissement inconnu."))]
        # The channels registered now (push and SMS register at start-up).
        offered = {name: channel.LABEL for name, channel in CHANNELS.items()}
        self.channels.choices = choices(offered)
        self.channels.validators = [known(offered, _l("Moyen de contact inconnu."))]

    def validate_occupations(self, field):
        if not field.data:
            raise ValidationError(_l("Choisissez au moins un métier."))

    def validate_channels(self, field):
        if not field.data:
            raise ValidationError(_l("Choisissez au moins un moyen de vous prévenir."))
        if "sms" in field.data and not self.mobile_phone.data:
            raise ValidationError(_l("Pour les SMS, indiquez votre mobile."))

    def data_for_service(self):
        """What profiles.join/update take: codes, communes resolved, mobile in E.164."""
        return {"occupations": set(self.occupations.data), "diplomas": set(self.diplomas.data),
                "home": self.home, "radius_km": self.radius_km.data, "others": self.others,
                "employers": {int(value) for value in self.employers.data or ()},
                "mobile_phone": normalize_mobile(self.mobile_phone.data) if self.mobile_phone.data
                else None,
                "channels": set(self.channels.data),
                "weekly_ceiling_hours": self.weekly_ceiling_hours.data}


class JoinForm(ProfileForm):
    consent = BooleanField(CONSENT_TEXT, validators=[
        required(_l("Cochez la case pour donner votre accord."))])


class InviteForm(PageForm):
    email = email_field(_l("Adresse e-mail du/de la salarié(e)"))
