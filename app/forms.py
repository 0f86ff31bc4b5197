"""Validators and fields shared by the forms of every feature."""
import re

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations
from wtforms import (EmailField, Form, PasswordField, SelectField, SelectMultipleField, StringField,
                     TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (AnyOf, Email, EqualTo, InputRequired, Length, Optional,
                                ValidationError)
from wtforms.widgets import CheckboxInput, ListWidget


_MARKUP = re.compile(r"[<>]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What cannot stand in one line of text (a mail header): C0 and C1 controls, the line
# breaks among them, and the Unicode line and paragraph separators.
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def single_line(form, field):
    """Refuse line breaks and control characters in a one-line field."""
    if field.errors:  # one message at a time: an earlier validator refused it already
        return
    if isinstance(field.data, str) and _NOT_ONE_LINE.search(field.data):
        raise ValidationError(_l("Ce champ tient sur une ligne : retirez les retours à la "
                                 "ligne et les caractères invisibles."))


class SingleLineMeta:
    """Every text field but a text area gets `single_line`: no form can forget it."""

    def bind_field(self, form, unbound_field, options):
        field = super().bind_field(form, unbound_field, options)
        if isinstance(field, StringField) and not isinstance(field, TextAreaField):
            field.validators = [*field.validators, single_line]
        return field


class PageForm(FlaskForm):
    """The base of every form of a page (CSRF-protected, see FlaskForm)."""

    class Meta(SingleLineMeta):
        pass


class PlainForm(Form):
    """A form without CSRF (query-string filters, sub-forms) whose built-in
    messages ("Not a valid date value") are in the user's language, as FlaskForm's."""

    class Meta(SingleLineMeta):
        def get_translations(self, form):
            return translations


def show_error(form, error):
    """Put a service's refusal next to its field (`error.field`), or at the top of the page."""
    field = getattr(form, getattr(error, "field", None) or "", None)
    if field is None:
        flash(str(error), "error")
    else:
        field.errors = [*field.errors, str(error)]


def query_args(form):
    """The submitted values of `form`'s own fields, to keep in page and export links.

    Never the raw query string: url_for would take a key such as `endpoint` or
    `_external` for its own argument.
    """
    return {field.name: field.raw_data[0] if len(field.raw_data) == 1 else field.raw_data
            for field in form if field.raw_data and any(field.raw_data)}


# Widget attributes of digit-only fields: phones bring up the numeric keypad.
NUMERIC = {"inputmode": "numeric", "autocomplete": "off"}
POSTCODE = {"inputmode": "numeric", "autocomplete": "postal-code"}


def plain_text(form, field):
    """Refuse markup and control characters in a text field."""
    if field.data and _MARKUP.search(field.data):
        raise ValidationError(_l("Les caractères < et > ne sont pas acceptés."))
    if field.data and _CONTROL.search(field.data):
        raise ValidationError(_l("Ce texte contient des caractères invisibles non acceptés."))


def strip(value):
    """Trim surrounding spaces of submitted text."""
    return value.strip() if isinstance(value, str) else value


def lower_strip(value):
    """Emails are compared trimmed and in lower case."""
    return value.strip().lower() if isinstance(value, str) else value


# The password policy belongs to accounts: app/auth/passwords.py registers it here
# on import (use_password_policy), so this shared module never imports a feature.
_password_policy = []


def use_password_policy(problem):
    """Register `problem(password, email) -> message or None`, the one password policy."""
    _password_policy[:] = [problem]


def strong_password(form, field):
    """Apply the registered password policy, knowing the account's address."""
    if not _password_policy:  # fail closed: never accept a password unchecked
        raise RuntimeError("no password policy registered (import app.auth.passwords)")
    email = form.email.data if "email" in form else getattr(form, "account_email", None)
    problem = _password_policy[0](field.data or "", email)
    if problem:
        raise ValidationError(problem)


def required(message=None):
    """An InputRequired with the French message used everywhere."""
    return InputRequired(message=message or _l("Ce champ est obligatoire."))


def email_field(label=None):
    """An email field, trimmed, lower-cased and checked."""
    return EmailField(label or _l("Adresse e-mail"), filters=[lower_strip], validators=[
        required(), Length(max=254, message=_l("Adresse trop longue.")),
        Email(message=_l("Adresse e-mail invalide."), check_deliverability=False)])


def name_field(label, max_length=100):
    """A short plain-text field such as a first or last name."""
    return StringField(label, filters=[strip], validators=[
        required(), Length(max=max_length, message=_l("%(max)d caractères au plus.", max=max_length)),
        plain_text])


def new_password_fields():
    """A new password and its confirmation."""
    password = PasswordField(_l("Mot de passe (12 caractères au moins)"),
                             validators=[required(), Length(max=200), strong_password])
    confirm = PasswordField(_l("Confirmez le mot de passe"), validators=[
        required(), EqualTo("password", message=_l("Les deux mots de passe diffèrent."))])
    return password, confirm


def search_box():
    """A list page's text box: its words go to the search engine (any text is fine)."""
    return StringField(_l("Mots-clés"), filters=[strip], validators=[
        Optional(), Length(max=300, message=_l("300 caractères au plus."))])


def choices(mapping):
    """SelectField options from a {value: label} mapping, in its order."""
    return [SelectChoice(value, label) for value, label in mapping.items()]


class ActionForm(PageForm):
    """An empty form: a button that only needs its CSRF token."""


def select(label, mapping, blank=None, optional=False):
    """A select over `mapping` whose unknown values get a French message."""
    options = ({"": blank} if blank else {}) | dict(mapping)
    checks = [Optional()] if optional else [required()]
    return SelectField(label, choices=choices(options), validate_choice=False, validators=[
        *checks, AnyOf(list(mapping), message=_l("Choisissez une valeur de la liste."))])


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes."""
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
