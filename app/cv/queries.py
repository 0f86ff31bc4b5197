"""Reading the bank: which profiles a member sees, filtered in SQL."""
from sqlalchemy import func, or_, select

from app import indexing
from app.cv.models import CandidateProfile

PAGE_SIZE = 20


def has_code(column, code):
    """SQL: the CodeList `column` holds `code`."""
    return column.like(f"%,{code},%")


def filtered(filters):
    """The bank's profiles matching the filters, most recently active first."""
    query = bank()
    if filters.get("occupation"):
        query = query.where(has_code(CandidateProfile.occupations, filters["occupation"]))
    if filters.get("diploma"):
        query = query.where(has_code(CandidateProfile.diplomas, filters["diploma"]))
    if filters.get("contract"):
        query = query.where(has_code(CandidateProfile.contracts, filters["contract"]))
    if filters.get("commune"):
        pattern = "%" + filters["commune"].lower().replace("%", "").replace("_", "") + "%"
        query = query.where(func.lower(CandidateProfile.communes).like(pattern))
    if filters.get("available_from"):
        query = query.where(or_(CandidateProfile.available_from.is_(None),
                                CandidateProfile.available_from <= filters["available_from"]))
    query = query.order_by(CandidateProfile.last_contact_at.desc(), CandidateProfile.id.desc())
    return indexing.matching(query, CandidateProfile, "cv", filters.get("q"))


def bank():
    """Every profile of the bank."""
    return select(CandidateProfile).where(CandidateProfile.in_bank)


def pending_moderation():
    """Profiles staff have to check: shown to members, not yet checked."""
    return (select(CandidateProfile)
            .where(CandidateProfile.awaits_moderation,
                   CandidateProfile.share_status.is_distinct_from("awaiting"),
                   CandidateProfile.cv_file.is_not(None))
            .order_by(CandidateProfile.last_contact_at))
