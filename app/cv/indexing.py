"""What the search engine knows of a CV: profiles in the bank, with their PDF's text."""
from flask_babel import lazy_gettext as _l

from app import permissions, search
from app.cv.models import CandidateProfile
from app.cv.queries import bank
from app.pool.indexing import CONTRACT, OCCUPATION


def to_document(profile):
    """The profile as the index holds it, or None when it is not in the bank.

    The PDF's text is searched, never shown: see extract().
    """
    if not profile.in_bank:
        return None
    communes = [name.strip() for name in (profile.communes or "").split(",") if name.strip()]
    return {"title": profile.headline, "body": "\n".join([*_profile_words(profile),
                                                          profile.cv_text or ""]),
            "occupation": ",".join(profile.occupations), "contract": ",".join(profile.contracts),
            "commune": communes[0] if communes else "",
            "month": search.month_of(profile.last_contact_at), "date": profile.last_contact_at}


def extract(profile):
    """The text a search answer may quote of a profile: its own fields only.

    The PDF's text (an address, a phone number) is read through a logged view
    or download; quoting it around the query's words would let anyone read it,
    unlogged, by moving the words along.
    """
    return "\n".join(word for word in [profile.headline, *_profile_words(profile)] if word)


def _profile_words(profile):
    return [*map(str, profile.occupation_labels), *map(str, profile.diploma_labels),
            profile.communes or ""]


def searchable():
    return bank().order_by(CandidateProfile.id)


search.declare(search.DocumentKind(
    "cv", _l("CV"), CandidateProfile, to_document, searchable,
    allowed=permissions.can_browse_cv_bank, visible=bank,
    extract=extract,  # never the PDF's text: reading it is logged
    facet_fields=(OCCUPATION, CONTRACT, search.COMMUNE), position=2))
