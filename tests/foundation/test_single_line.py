"""One-line fields refuse line breaks and control characters, in every form (issue 13.6)."""
import importlib
import pkgutil

import pytest
from wtforms import FieldList, FormField, StringField, TextAreaField
from wtforms.form import BaseForm

import app as app_package
from app.auth.models import User
from app.extensions import db
from app.forms import PageForm, PlainForm, single_line
from app.pool.models import Vacancy
from tests.foundation.test_auth import register
from tests.pool.test_drafting import form_data

MESSAGE = "Ce champ tient sur une ligne"


def app_form_classes():
    """Every form class the application defines, in any of its modules."""
    for module in pkgutil.walk_packages(app_package.__path__, "app."):
        importlib.import_module(module.name)
    found, todo = set(), [BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("app.") and sub not in (PageForm, PlainForm):
                found.add(sub)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


def bound_fields(form):
    """The fields of a form, those of its sub-forms and lists included."""
    for field in form:
        if isinstance(field, FieldList):
            for entry in field:
                yield from bound_fields(entry.form) if isinstance(entry, FormField) else [entry]
        elif isinstance(field, FormField):
            yield from bound_fields(field.form)
        else:
            yield field


@pytest.mark.parametrize("form_class", app_form_classes(), ids=lambda cls: cls.__name__)
def test_every_one_line_field_of_every_form_refuses_line_breaks(app, form_class):
    with app.test_request_context():
        form = form_class(formdata=None)
        one_line = [field for field in bound_fields(form)
                    if isinstance(field, StringField) and not isinstance(field, TextAreaField)]
        assert all(single_line in field.validators for field in one_line), form_class
        assert issubclass(form_class, (PageForm, PlainForm))  # the base that adds it


@pytest.mark.parametrize("value", ["Julie\r\nBcc: tous@example.org", "Julie\nLefèvre",
                                   "Julie\tLefèvre", "Julie\u2028Lefèvre", "Ju\x85lie"])
def test_a_name_with_a_line_break_is_refused_in_french(client, value):
    response = register(client, first_name=value)
    assert response.status_code == 200 and MESSAGE in response.text
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_a_vacancy_title_with_a_line_break_is_refused_but_its_description_may_have_some(
        client, auth, member_a):
    auth.login(member_a)
    response = client.post("/pool/new", data=form_data(title="Infirmier\r\nde nuit"))
    assert response.status_code == 400 and MESSAGE in response.text
    assert db.session.scalar(db.select(Vacancy)) is None
    response = client.post("/pool/new", data=form_data(description="Nuits.\r\nWeek-ends."))
    assert response.status_code == 302


def test_one_message_for_one_problem(client):
    response = register(client, first_name="Ju\x01lie")
    assert response.text.count("invisibles") == 1
