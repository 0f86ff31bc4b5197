"""Forms of the CV bank: the profile, the upload, consent, sharing, contact, filters."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (BooleanField, DateField, IntegerField, PasswordField, StringField,
                     TextAreaField, TimeField)
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from app.cv.lifecycle import CONSENT_TEXT, DECLINE_REASONS
from app.forms import PageForm, choices, email_field, plain_text, required, search_box, strip
from app.forms import MultiCheckboxField, PlainForm, select
from app.pool.forms import FilterForm as PoolFilterForm
from app.pool.models import CONTRACTS, SCHEDULES
from app.referentials import DIPLOMAS, OCCUPATIONS
from app.timeutil import local_today


def text(label, max_length, area=False, optional=True):
    field = TextAreaField if area else StringField
    return field(label, filters=[strip], validators=[
        Optional() if optional else required(),
        Length(max=max_length, message=_l("%(max)d caractères au plus.", max=max_length)),
        plain_text])


def checkboxes(label, mapping):
    return MultiCheckboxField(label, choices=choices(mapping))


class ProfileForm(PageForm):
    headline = text(_l("Titre du profil (ex. : aide-soignante de nuit, 8 ans en EHPAD)"), 200,
                    optional=False)
    occupations = checkboxes(_l("Métiers recherchés"), OCCUPATIONS)
    diplomas = checkboxes(_l("Diplômes"), DIPLOMAS)
    years_experience = IntegerField(_l("Années d'expérience"), default=0, validators=[
        required(), NumberRange(0, 60, message=_l("Entre 0 et 60 ans."))])
    contracts = checkboxes(_l("Contrats souhaités"), CONTRACTS)
    schedules = checkboxes(_l("Horaires souhaités"), SCHEDULES)
    available_from = DateField(_l("Disponible à partir du"), validators=[Optional()])
    communes = text(_l("Communes où vous pouvez travailler (séparées par des virgules)"), 300)

    def validate_occupations(self, field):
        if not field.data:
            raise ValidationError(_l("Choisissez au moins un métier."))


class UploadForm(PageForm):
    cv = FileField(_l("Votre CV (PDF, 5 Mo au plus)"), validators=[
        required(_l("Choisissez un fichier PDF."))])


class ConsentForm(PageForm):
    consent = BooleanField(CONSENT_TEXT, validators=[
        required(_l("Cochez la case pour donner votre accord."))])


class DeleteForm(PageForm):
    password = PasswordField(_l("Votre mot de passe, pour confirmer"),
                             validators=[required(), Length(max=200)])


class ContactForm(PageForm):
    message = text(_l("Votre message au candidat"), 3000, area=True, optional=False)


class ShareForm(PageForm):
    email = email_field(_l("Adresse e-mail du candidat"))
    occupation = select(_l("Métier"), OCCUPATIONS, _l("— Choisissez —"))
    cv = FileField(_l("Son CV (PDF, 5 Mo au plus)"), validators=[
        required(_l("Choisissez un fichier PDF."))])
    agreed = BooleanField(_l("Le candidat m'a transmis ce CV et sera invité par e-mail à "
                             "accepter ou refuser son partage."),
                          validators=[required(_l("Cochez la case pour confirmer."))])


class FilterForm(PageForm):
    """The bank's filters, read from the query string."""

    class Meta:
        csrf = False

    q = search_box()
    occupation = select(_l("Métier"), OCCUPATIONS, _l("Tous"), optional=True)
    diploma = select(_l("Diplôme"), DIPLOMAS, _l("Tous"), optional=True)
    contract = select(_l("Contrat"), CONTRACTS, _l("Tous"), optional=True)
    commune = text(_l("Commune"), 100)
    available_from = DateField(_l("Disponible au plus tard le"), validators=[Optional()])

    filters = PoolFilterForm.filters


class ApplyForm(PageForm):
    message = text(_l("Votre message à l'employeur"), 3000, area=True)


class MoveForm(PageForm):
    reason = select(_l("Motif (si la candidature n'est pas retenue)"), DECLINE_REASONS,
                    _l("— Choisissez —"), optional=True)
    fill_vacancy = BooleanField(_l("Marquer l'offre comme pourvue"))


class InterviewForm(PlainForm):
    """The interview an application moves to: every field optional, none in the past.
    Posted with a MoveForm, whose token guards the request (one per application on a
    page, so its fields are prefixed)."""

    on = DateField(_l("Date de l'entretien"), validators=[Optional()])
    time = TimeField(_l("Heure"), validators=[Optional()])
    place = text(_l("Lieu"), 200)
    contact = text(_l("Personne à contacter"), 200)

    def validate_on(self, field):
        if field.data and field.data < local_today():
            raise ValidationError(_l("La date de l'entretien est déjà passée."))

    def validate_time(self, field):
        if field.data and not self.on.data:
            raise ValidationError(_l("Indiquez aussi la date de l'entretien."))

    @property
    def details(self):
        return {"on": self.on.data, "time": self.time.data, "place": self.place.data,
                "contact": self.contact.data}
