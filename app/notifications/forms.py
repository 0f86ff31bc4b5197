"""The mail preferences form: one checkbox per kind that may be turned off."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from app.forms import PageForm, choices
from app.notifications.kinds import KINDS


class PreferencesForm(PageForm):
    kinds = SelectMultipleField(_l("Je souhaite recevoir"), choices=choices(KINDS),
                                widget=ListWidget(prefix_label=False),
                                option_widget=CheckboxInput(), validate_choice=True)
