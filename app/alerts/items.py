"""How the digest names each new item, and the absolute links it gives."""
from flask import url_for
from flask_babel import format_date, gettext as _

from app import timeutil


def _vacancy(vacancy):
    text = f"{vacancy.title} — {vacancy.contract_label}, {vacancy.commune} " \
           f"({vacancy.establishment.name})"
    return text, url_for("pool.detail", vacancy_id=vacancy.id, _external=True)


def _cv(profile):
    what = ", ".join(str(label) for label in profile.occupation_labels)
    text = f"{profile.headline or _('Profil sans titre')} — {what}, {profile.communes}"
    return text, url_for("cv.detail", profile_id=profile.id, _external=True)


def _training(session):
    day = format_date(timeutil.local(session.starts_at).date(), "d MMMM y")
    text = f"{session.title} — {day}, {session.commune} ({session.organiser_name})"
    return text, url_for("training.detail", session_id=session.id, _external=True)


DESCRIBE = {"vacancy": _vacancy, "cv": _cv, "training": _training}


def describe(kind, obj):
    """(one line of text, absolute link) for an item of `kind`."""
    return DESCRIBE[kind](obj)


def search_url(saved):
    """The absolute link that runs a saved search on the /search page."""
    return url_for("search_views.index", q=saved.query or None, kind=saved.kind,
                   _external=True, **saved.filters)
