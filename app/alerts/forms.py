"""The small form under a search that saves it."""
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField

from app.alerts.models import NAME_MAX
from app.forms import PageForm, name_field


class SaveForm(PageForm):
    name = name_field(_l("Nom de la recherche"), max_length=NAME_MAX)
    kind = HiddenField()
    q = StringField()  # checked by the service: its message says what is wrong


class ConfirmForm(PageForm):
    """A confirmation button that only needs its CSRF token."""
