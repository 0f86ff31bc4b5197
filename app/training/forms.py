"""Forms of the training pages: publishing a session, booking seats, moderating."""
from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, DateField, DecimalField, FieldList, FormField,
                     IntegerField, SelectField, StringField, TextAreaField, TimeField)
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from app.forms import (MultiCheckboxField, PageForm, PlainForm, choices, name_field, plain_text,
                       required, search_box, strip)
from app.referentials import CREDENTIALS, OCCUPATIONS
from app.training.models import THEMES

DATE_ROWS = 4
ATTENDEE_ROWS = 6


def _text(label, max_length, optional=False):
    validators = [Optional() if optional else required(),
                  Length(max=max_length, message=_l("%(max)d caractères au plus.",
                                                     max=max_length)), plain_text]
    return StringField(label, filters=[strip], validators=validators)


def _seats(label, optional=False):
    return IntegerField(label, validators=[
        Optional() if optional else required(),
        NumberRange(min=1, max=500, message=_l("Entre 1 et 500 places."))])


class DateRow(PlainForm):
    """One day of the session; a wholly blank row is ignored."""
    day = DateField(_l("Jour"), validators=[Optional()])
    start = TimeField(_l("De"), validators=[Optional()])
    end = TimeField(_l("À"), validators=[Optional()])

    def validate(self, extra_validators=None):
        """A row is blank or whole (an inline validator would not run on a blank day)."""
        valid = super().validate(extra_validators)
        filled = [f.data is not None for f in (self.day, self.start, self.end)]
        if any(filled) and not all(filled):
            self.day.errors.append(_l("Indiquez le jour, l'heure de début et l'heure de fin."))
            return False
        return valid


class SessionForm(PageForm):
    title = _text(_l("Intitulé"), 200)
    theme = SelectField(_l("Thème"), choices=choices(THEMES), validators=[required()])
    grants_credential = SelectField(
        _l("Diplôme ou attestation délivré ou renouvelé (facultatif)"),
        choices=choices({"": _l("Aucun"), **CREDENTIALS}), validators=[Optional()])
    yearly_theme = BooleanField(_l("Thème commun de l'année de l'association"))
    provider = _text(_l("Organisme de formation"), 200)
    description = TextAreaField(_l("Description"), filters=[strip], validators=[
        required(), Length(max=5000, message=_l("5000 caractères au plus.")), plain_text])
    dates = FieldList(FormField(DateRow), label=_l("Dates et horaires"),
                      min_entries=DATE_ROWS, max_entries=DATE_ROWS)
    place = _text(_l("Lieu (adresse, salle)"), 300)
    commune = name_field(_l("Commune"))
    seats_total = _seats(_l("Nombre total de places"))
    seats_open = _seats(_l("Places ouvertes aux autres membres"))
    max_per_member = _seats(_l("Places au plus par établissement (facultatif)"), optional=True)
    price = DecimalField(_l("Prix par personne en euros (vide ou 0 : gratuit)"), places=2,
                         validators=[Optional(), NumberRange(
                             min=0, max=100000, message=_l("Un prix positif, en euros."))])
    funding = _text(_l("Financement (OPCO…)"), 100, optional=True)
    registration_deadline = DateField(_l("Date limite d'inscription"), validators=[required()])

    def validate_dates(self, field):
        if not any(row.day.data for row in field.entries):
            raise ValidationError(_l("Indiquez au moins une date."))


class AttendeeRow(PlainForm):
    """One employee for whom a seat is booked; a blank row is ignored."""
    name = StringField(_l("Nom et prénom"), filters=[strip], validators=[
        Optional(), Length(max=200, message=_l("200 caractères au plus.")), plain_text])
    occupation = SelectField(_l("Métier"), choices=choices({"": "—", **OCCUPATIONS}),
                             validators=[Optional()])

    def validate(self, extra_validators=None):
        """A row is blank, or has both a name and an occupation."""
        valid = super().validate(extra_validators)
        if bool(self.name.data) != bool(self.occupation.data):
            self.occupation.errors.append(_l("Indiquez le nom et le métier."))
            return False
        return valid


class BookingForm(PageForm):
    attendees = FieldList(FormField(AttendeeRow), label=_l("Salariés inscrits"),
                          min_entries=ATTENDEE_ROWS, max_entries=ATTENDEE_ROWS)

    def people(self):
        """The (name, occupation) pairs filled in."""
        return [(row.form.name.data, row.form.occupation.data)
                for row in self.attendees if row.form.name.data]


class FilterForm(PlainForm):
    """The filters of the list of sessions, read from the query string."""
    q = search_box()
    theme = SelectField(_l("Thème"), choices=choices({"": _l("Tous les thèmes"), **THEMES}),
                        validators=[Optional()])
    since = DateField(_l("À partir du"), validators=[Optional()])
    place = StringField(_l("Lieu ou commune"), filters=[strip], validators=[
        Optional(), Length(max=100, message=_l("100 caractères au plus.")), plain_text])

    def values(self):
        """The filters that are filled in and valid, as keyword arguments."""
        self.validate()
        return {name: field.data for name, field in self._fields.items()
                if field.data and not field.errors}


class RenewalBookingForm(PageForm):
    """The member's one step: people with a renewal due, and one session that renews it."""
    attendees = MultiCheckboxField(_l("Personnes à inscrire"), coerce=int,
                                   validate_choice=False, validators=[required()])
    session = SelectField(_l("Session qui renouvelle leur justificatif"), coerce=int,
                          validators=[required(), NumberRange(
                              min=1, message=_l("Choisissez une session."))])
