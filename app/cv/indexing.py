"""What the search engine knows of a CV: profiles in the bank, with their PDF's text."""
from sqlalchemy import select

from app import indexing
from app.cv.models import CandidateProfile
from app.cv.queries import in_bank


def to_document(profile):
    """The profile as the index holds it, or None when it is not in the bank."""
    if not profile.in_bank:
        return None
    communes = [name.strip() for name in (profile.communes or "").split(",") if name.strip()]
    words = [*map(str, profile.occupation_labels), *map(str, profile.diploma_labels),
             profile.communes or "", profile.cv_text or ""]
    return {"title": profile.headline, "body": "\n".join(words),
            "occupation": ",".join(profile.occupations), "contract": ",".join(profile.contracts),
            "commune": communes[0] if communes else "",
            "month": indexing.month_of(profile.last_contact_at), "date": profile.last_contact_at}


def searchable():
    return select(CandidateProfile).where(*in_bank()).order_by(CandidateProfile.id)


indexing.register(indexing.Kind("cv", CandidateProfile, to_document, searchable))
