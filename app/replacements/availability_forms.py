"""The calendar's forms: a week of slots (one select each) and a repeat."""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from wtforms import DateField
from wtforms.validators import Optional, ValidationError

from app.forms import PageForm, required, select
from app.replacements.models import LEVELS, SLOTS

WEEKDAYS = {"0": _l("Lundi"), "1": _l("Mardi"), "2": _l("Mercredi"), "3": _l("Jeudi"),
            "4": _l("Vendredi"), "5": _l("Samedi"), "6": _l("Dimanche")}


def slot_name(day, slot):
    """The name of one select of the week grid: slot-2026-12-07-night."""
    return f"slot-{day.isoformat()}-{slot}"


def week_choices(posted, monday, today):
    """{(day, slot): level or ""} from the posted week (days past are not changed);
    None when a value is not a level."""
    chosen = {}
    for offset in range(7):
        day = monday + timedelta(days=offset)
        if day < today:
            continue
        for slot in SLOTS:
            level = posted.get(slot_name(day, slot), "")
            if level and level not in LEVELS:
                return None
            chosen[(day, slot)] = level
    return chosen


class RuleForm(PageForm):
    weekday = select(_l("Chaque"), WEEKDAYS)
    slot = select(_l("Créneau"), {key: label for key, (label, _s, _e) in SLOTS.items()})
    level = select(_l("Je suis"), LEVELS)
    starts_on = DateField(_l("À partir du"), validators=[
        required(_l("Indiquez la date de début (jj/mm/aaaa)."))])
    ends_on = DateField(_l("Jusqu'au (facultatif)"), validators=[Optional()])

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("La fin de la répétition est avant son début."))
