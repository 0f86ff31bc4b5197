"""The notification preferences form: per kind, the channels that reach me; my mobile."""
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import Optional, ValidationError

from app.forms import MultiCheckboxField, PageForm, choices
from app.notifications.channels import CHANNELS
from app.notifications.kinds import KINDS
from app.notifications.sms import INVALID, normalize_mobile


def _mobile(form, field):
    if field.data and normalize_mobile(field.data) is None:
        raise ValidationError(INVALID)


def preferences_form(**data):
    """A form with one group of channel checkboxes per kind, for the channels registered now."""
    class PreferencesForm(PageForm):
        mobile_phone = StringField(_l("Téléphone mobile (pour les SMS)"),
                                   validators=[Optional(), _mobile],
                                   render_kw={"inputmode": "tel", "autocomplete": "tel"})
    options = choices({name: channel.LABEL for name, channel in CHANNELS.items()})
    for kind, label in KINDS.items():
        setattr(PreferencesForm, f"kind_{kind}", MultiCheckboxField(label, choices=options,
                                                                    validate_choice=True))
    return PreferencesForm(**data)


def chosen(form):
    """{kind: channel names} from a posted form (none ticked: an empty set)."""
    return {kind: set(getattr(form, f"kind_{kind}").data or ()) for kind in KINDS}
