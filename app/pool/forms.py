"""Forms of the pool: a vacancy, its co-employers, filters, moderation."""
from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, DateField, FieldList, FormField, IntegerField,
                     SelectField, StringField, TextAreaField)
from wtforms.validators import Length, NumberRange, Optional, Regexp, ValidationError

from app.forms import (MultiCheckboxField, PageForm, PlainForm, choices, name_field, plain_text,
                       required, search_box, select, strip)
from app.pool.models import CONTRACTS, SCHEDULES
from app.pool.rules import share_problem
from app.referentials import DIPLOMAS, OCCUPATIONS
from app.timeutil import local_today

CO_EMPLOYER_LINES = 3
# Columns of Vacancy that the form edits as they are.
VACANCY_FIELDS = ("title", "occupation", "contract_type", "description", "fte", "start_date",
                  "end_date", "commune", "postcode", "salary_min", "salary_max", "expires_on")


def percent(label, optional=False):
    return IntegerField(label, validators=[
        Optional() if optional else required(),
        NumberRange(1, 100, message=_l("Indiquez un pourcentage entre 1 et 100."))])


def euros(label):
    return IntegerField(label, validators=[
        Optional(), NumberRange(0, 100_000, message=_l("Montant mensuel brut en euros."))])


class ShareForm(PlainForm):
    """One co-employer line of a shared position."""
    establishment = SelectField(_l("Établissement co-employeur"), validate_choice=False,
                                validators=[Optional()])
    fte_share = percent(_l("Sa part (ETP %)"), optional=True)
    days = StringField(_l("Ses jours ou son site"), filters=[strip],
                       validators=[Optional(), Length(max=200), plain_text])


class VacancyForm(PageForm):
    title = name_field(_l("Intitulé du poste"), max_length=200)
    occupation = select(_l("Métier (code ROME)"), OCCUPATIONS, _l("— Choisissez —"))
    contract_type = select(_l("Type de contrat"), CONTRACTS, _l("— Choisissez —"))
    description = TextAreaField(_l("Description du poste"), filters=[strip], validators=[
        required(), Length(max=5000, message=_l("5000 caractères au plus.")), plain_text])
    fte = percent(_l("Temps de travail (ETP %)"))
    schedules = MultiCheckboxField(_l("Horaires"), choices=choices(SCHEDULES))
    start_date = DateField(_l("Date de début"), validators=[required()])
    end_date = DateField(_l("Date de fin (contrats à durée déterminée)"), validators=[Optional()])
    commune = name_field(_l("Commune"))
    postcode = StringField(_l("Code postal"), filters=[strip], validators=[
        required(), Regexp(r"^\d{5}$", message=_l("Le code postal compte 5 chiffres."))])
    salary_min = euros(_l("Salaire mensuel brut minimum (€)"))
    salary_max = euros(_l("Salaire mensuel brut maximum (€)"))
    diploma = select(_l("Diplôme requis"), DIPLOMAS, _l("Aucun"), optional=True)
    expires_on = DateField(_l("Date d'expiration de l'annonce"), validators=[Optional()])
    own_share = percent(_l("Part de l'établissement porteur (ETP %)"), optional=True)
    own_days = StringField(_l("Jours ou site de l'établissement porteur"), filters=[strip],
                           validators=[Optional(), Length(max=200), plain_text])
    shares = FieldList(FormField(ShareForm), min_entries=CO_EMPLOYER_LINES,
                       max_entries=CO_EMPLOYER_LINES)
    confirm_duplicate = BooleanField(_l("Je confirme : ce n'est pas un doublon."))

    def __init__(self, *args, co_employers=None, original_start=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.original_start = original_start
        self.co_employers = co_employers or {}
        for line in self.shares:
            line.establishment.choices = choices({"": _l("— Aucun —"), **self.co_employers})

    def validate_schedules(self, field):
        if not field.data:
            raise ValidationError(_l("Cochez au moins un horaire."))
        if set(field.data) - set(SCHEDULES):
            raise ValidationError(_l("Choisissez une valeur de la liste."))

    def validate_start_date(self, field):
        if field.data and field.data < local_today() and field.data != self.original_start:
            raise ValidationError(_l("La date de début ne peut pas être dans le passé."))

    def validate_end_date(self, field):
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_l("La date de fin précède la date de début."))

    def validate_salary_max(self, field):
        low = self.salary_min.data
        if field.data is not None and low is not None and field.data < low:
            raise ValidationError(_l("Le maximum est inférieur au minimum."))

    def validate_expires_on(self, field):
        if field.data and field.data <= local_today():
            raise ValidationError(_l("La date d'expiration doit être dans le futur."))

    def validate_shares(self, field):
        for line in field:
            chosen = line.establishment.data
            if chosen and chosen not in {str(key) for key in self.co_employers}:
                line.establishment.errors.append(_l("Choisissez un établissement membre actif."))
                raise ValidationError(_l("Corrigez les co-employeurs."))
            if chosen and not line.fte_share.data:
                line.fte_share.errors.append(_l("Indiquez la part de cet établissement."))
                raise ValidationError(_l("Corrigez les co-employeurs."))

    def validate_own_share(self, field):
        if self.fte.data is None or not self.co_employer_lines():
            return
        if field.data is None:
            raise ValidationError(_l("Indiquez la part de l'établissement porteur."))
        problem = share_problem(self.fte.data, self.share_data(0))
        if problem:
            raise ValidationError(problem)

    def co_employer_lines(self):
        return [line for line in self.shares if line.establishment.data]

    def share_data(self, lead_id):
        """The employers' shares, the publishing establishment's (`lead_id`) first."""
        co_lines = self.co_employer_lines()
        own = self.own_share.data if co_lines else self.fte.data
        shares = [{"establishment_id": lead_id, "fte_share": own, "days": self.own_days.data}]
        for line in co_lines:
            shares.append({"establishment_id": int(line.establishment.data),
                           "fte_share": line.fte_share.data, "days": line.days.data or None})
        return shares

    @staticmethod
    def values_of(vacancy):
        """The form's initial data for editing `vacancy`."""
        data = {name: getattr(vacancy, name) for name in VACANCY_FIELDS}
        lead, *others = sorted(vacancy.employers,
                               key=lambda row: row.establishment_id != vacancy.establishment_id)
        data.update(diploma=vacancy.diploma or "", schedules=vacancy.schedules,
                    own_share=lead.fte_share if others else None, own_days=lead.days,
                    shares=[{"establishment": str(row.establishment_id),
                             "fte_share": row.fte_share, "days": row.days} for row in others])
        return data

    def vacancy_data(self):
        """The vacancy's own columns; status and establishment never come from a form."""
        data = {name: getattr(self, name).data for name in VACANCY_FIELDS}
        data["diploma"] = self.diploma.data or None
        for code in SCHEDULES:
            data[f"works_{code}"] = code in self.schedules.data
        return data


SORTS = {"relevance": _l("Pertinence"), "recent": _l("Les plus récentes"), "start": _l("Date de début"),
         "commune": _l("Commune")}
PERIODS = {"7": _l("7 derniers jours"), "30": _l("30 derniers jours"),
           "90": _l("3 derniers mois")}


class FilterForm(PageForm):
    """The filters of the public list and of the API, read from the query string."""

    class Meta:
        csrf = False

    q = search_box()
    occupation = select(_l("Métier"), OCCUPATIONS, _l("Tous"), optional=True)
    contract_type = select(_l("Contrat"), CONTRACTS, _l("Tous"), optional=True)
    schedule = select(_l("Horaire"), SCHEDULES, _l("Tous"), optional=True)
    commune = StringField(_l("Commune"), filters=[strip],
                          validators=[Optional(), Length(max=100), plain_text])
    since = select(_l("Publiées depuis"), PERIODS, _l("Toujours"), optional=True)
    sort = select(_l("Trier par"), SORTS, optional=True)

    def filters(self):
        """The valid filters as a plain dict (fields in error are left out)."""
        return {name: field.data for name, field in self._fields.items()
                if field.data and not field.errors}
