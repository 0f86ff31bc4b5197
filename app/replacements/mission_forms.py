"""Forms of the member's mission pages: posting a mission, cancelling it, confirming
the hours done, the alert policy.

A shift is a day, a start and an end in Paris time and an unpaid break; a night
crossing midnight says so ("finit le lendemain"), so that an end before the start
stays a mistake the form can name.
"""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, DateField, FieldList, FormField, IntegerField, StringField,
                     TextAreaField, TimeField)
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from app.forms import (NUMERIC, MultiCheckboxField, PageForm, PlainForm, choices, plain_text,
                       required, select, strip)
from app.referentials import CREDENTIALS, DIPLOMAS, OCCUPATIONS
from app.replacements.models import CREDENTIAL_RULES, MODES, REACHES
from app.timeutil import to_utc, utcnow

SHIFT_ROWS = 3
MAX_SHIFT = timedelta(hours=24)
MAX_BREAK_MINUTES = 240


def shift_problem(starts_at, ends_at, break_minutes):
    """The French reason a shift (UTC bounds, break in minutes) is refused, or None.

    The one rule for a shift: the form shows it at the row, the service checks it again.
    """
    if ends_at <= starts_at:
        return _l("L'heure de fin doit suivre l'heure de début (une nuit : cochez « finit "
                  "le lendemain »).")
    if ends_at - starts_at > MAX_SHIFT:
        return _l("Un poste dure 24 heures au plus.")
    if not 0 <= break_minutes <= MAX_BREAK_MINUTES:
        return _l("La pause dure entre 0 et 240 minutes.")
    if timedelta(minutes=break_minutes) >= ends_at - starts_at:
        return _l("La pause doit être plus courte que le poste.")
    if starts_at <= utcnow():
        return _l("Ce poste commence dans le passé.")
    return None


def schedule_problem(shifts):
    """The French reason a list of shifts is refused as a whole, or None."""
    if not shifts:
        return _l("Indiquez au moins un poste (jour, début et fin).")
    ordered = sorted(shifts)
    for (_start, previous_end, _pause), (next_start, _end, _break) in zip(ordered, ordered[1:]):
        if next_start < previous_end:
            return _l("Deux postes se chevauchent.")
    return None


class ShiftRow(PlainForm):
    """One shift; a wholly blank row is ignored."""
    day = DateField(_l("Jour"), validators=[Optional()])
    start = TimeField(_l("Début"), validators=[Optional()])
    end = TimeField(_l("Fin"), validators=[Optional()])
    next_day = BooleanField(_l("Finit le lendemain (nuit)"))
    break_minutes = IntegerField(_l("Pause (minutes)"), default=0, render_kw=NUMERIC,
                                 validators=[Optional(), NumberRange(
                                     min=0, max=MAX_BREAK_MINUTES,
                                     message=_l("Entre 0 et 240 minutes."))])

    def is_blank(self):
        return all(f.data is None for f in (self.day, self.start, self.end))

    def bounds(self):
        """(starts_at, ends_at, break_minutes) in UTC."""
        end_day = self.day.data + timedelta(days=1 if self.next_day.data else 0)
        return (to_utc(self.day.data, self.start.data), to_utc(end_day, self.end.data),
                self.break_minutes.data or 0)

    def validate(self, extra_validators=None):
        """A row is blank or whole, and then a possible shift."""
        if not super().validate(extra_validators):
            return False
        if self.is_blank():
            return True
        if any(f.data is None for f in (self.day, self.start, self.end)):
            self.day.errors.append(_l("Indiquez le jour, l'heure de début et l'heure de fin."))
            return False
        problem = shift_problem(*self.bounds())
        if problem:
            self.end.errors.append(problem)
            return False
        return True


def _known_diplomas(form, field):
    unknown = set(field.data or ()) - set(DIPLOMAS)
    if unknown:
        raise ValidationError(_l("Diplôme inconnu : choisissez dans la liste."))


def _known_credentials(form, field):
    if set(field.data or ()) - set(CREDENTIALS):
        raise ValidationError(_l("Attestation inconnue : choisissez dans la liste."))


class MissionForm(PageForm):
    occupation = select(_l("Métier"), OCCUPATIONS, blank=_l("— Choisissez —"))
    site = StringField(_l("Lieu ou service (facultatif)"), filters=[strip], validators=[
        Optional(), Length(max=200, message=_l("200 caractères au plus.")), plain_text])
    commune = StringField(_l("Commune du lieu"), filters=[strip], validators=[
        required(), Length(max=100, message=_l("100 caractères au plus.")), plain_text])
    shifts = FieldList(FormField(ShiftRow), label=_l("Postes"),
                       min_entries=SHIFT_ROWS, max_entries=SHIFT_ROWS)
    diplomas = MultiCheckboxField(_l("Diplômes exigés"), choices=choices(DIPLOMAS),
                                  validate_choice=False, validators=[_known_diplomas])
    credentials = MultiCheckboxField(
        _l("Attestations exigées en plus de celles du métier"), choices=choices(CREDENTIALS),
        validate_choice=False, validators=[_known_credentials])
    note = TextAreaField(_l("Note (facultatif)"), filters=[strip], validators=[
        Optional(), Length(max=1000, message=_l("1000 caractères au plus.")), plain_text])
    mode = select(_l("Qui prend la mission"), MODES)
    reach = select(_l("Qui prévenir"), REACHES)
    withdraw_hours = IntegerField(_l("Désistement possible jusqu'à (heures avant le début)"),
                                  default=24, render_kw=NUMERIC, validators=[
                                      required(), NumberRange(min=0, max=720, message=_l(
                                          "Entre 0 et 720 heures."))])

    def validate_shifts(self, field):
        if any(entry.errors for entry in field.entries):
            return  # each row already says what is wrong
        problem = schedule_problem(self.shift_bounds())
        if problem:
            raise ValidationError(problem)

    def shift_bounds(self):
        return [row.form.bounds() for row in self.shifts if not row.form.is_blank()]

    def data_for_service(self):
        return {"occupation": self.occupation.data, "site": self.site.data or "",
                "commune": self.commune.data, "note": self.note.data or "",
                "mode": self.mode.data, "reach": self.reach.data,
                "diplomas": sorted(set(self.diplomas.data or ())),
                "credentials": sorted(set(self.credentials.data or ())),
                "withdraw_hours": self.withdraw_hours.data, "shifts": self.shift_bounds()}


class CancelForm(PageForm):
    reason = TextAreaField(_l("Motif de l'annulation"), filters=[strip], validators=[
        required(), Length(max=500, message=_l("500 caractères au plus.")), plain_text])


class HoursForm(PageForm):
    hours = IntegerField(_l("Heures"), render_kw=NUMERIC, validators=[
        required(), NumberRange(min=0, max=300, message=_l("Entre 0 et 300 heures."))])
    minutes = IntegerField(_l("Minutes"), default=0, render_kw=NUMERIC, validators=[
        Optional(), NumberRange(min=0, max=59, message=_l("Entre 0 et 59 minutes."))])

    def minutes_done(self):
        return self.hours.data * 60 + (self.minutes.data or 0)


class PolicyForm(PageForm):
    reach = select(_l("Qui prévenir par défaut"), REACHES)
    wave_delay_minutes = IntegerField(_l("Délai entre deux vagues (minutes)"), render_kw=NUMERIC,
                                      validators=[required(), NumberRange(
                                          min=1, max=1440, message=_l("Entre 1 et 1440 minutes."))])
    wave_size = IntegerField(_l("Personnes prévenues par vague"), render_kw=NUMERIC,
                             validators=[required(), NumberRange(
                                 min=1, max=500, message=_l("Entre 1 et 500 personnes."))])
    credential_rule = select(_l("Attestation expirée ou non vérifiée"), CREDENTIAL_RULES)
