"""Matching: the bank's CVs that best fit a vacancy, and the vacancies that fit a candidate.

Both rank in SQL, criterion after criterion, then by how many words the two
texts share (app/search.py): the occupation first, then the diploma or the
contract, the commune, the availability. Each row comes back with the flags
it was ranked on, so the reasons shown are exactly the ones that ranked it.
Profiles go through the bank's own filter (queries.bank), vacancies through
the public list's (pool.queries.public): matching never shows more.
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, false, func, literal, literal_column, or_

from app import search
from app.cv.models import CandidateProfile
from app.cv.queries import bank, has_code
from app.extensions import db
from app.pool.lifecycle import VACANCY
from app.pool.models import Vacancy
from app.pool.queries import public

LIMIT = 20
TEXT_LIMIT = 200  # the best text hits that take part in the ranking
TEXT_REASON_TOP = 10  # the text reason is shown for the best few text hits only
CLOSED = VACANCY.group("closed")
# Availability is graded: 2 available in time, 1 no date given, 0 too late.
FULL = {"available": 2}
PROFILE_REASONS = {"occupation": _l("Même métier"), "diploma": _l("Diplôme requis"),
                   "commune": _l("Même commune"), "available": _l("Disponible à temps"),
                   "text": _l("CV proche de l'annonce")}
OFFER_REASONS = {"occupation": _l("Votre métier"), "contract": _l("Contrat souhaité"),
                 "commune": _l("Dans vos communes"), "available": _l("Disponible à temps"),
                 "text": _l("Proche de votre profil")}


@dataclass
class Match:
    """A profile or a vacancy, with the French reasons it was proposed for."""

    item: object
    reasons: list


def is_closed(vacancy):
    """Filled, withdrawn or past its expiry date: nobody is recruited through it any more."""
    return vacancy.status in CLOSED or (vacancy.status == "published" and not vacancy.is_public)


def mentions(haystack, needle):
    """SQL: the text `haystack` contains `needle`, whatever the case (both SQL expressions)."""
    return func.lower(haystack).contains(func.lower(needle))


def _escaped(text):
    """`text` as a LIKE operand that matches itself only."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def profile_criteria(vacancy):
    """{reason: SQL value, higher is better} of a bank profile for `vacancy`, in rank order."""
    profile = CandidateProfile
    commune = func.lower(profile.communes).like(
        func.lower(literal(f"%{_escaped(vacancy.commune)}%")), escape="\\")
    return {
        "occupation": _flag(has_code(profile.occupations, vacancy.occupation)),
        "diploma": _flag(has_code(profile.diplomas, vacancy.diploma)
                         if vacancy.diploma else false()),
        "commune": _flag(commune),
        "available": case((profile.available_from <= vacancy.start_date, 2),
                          (profile.available_from.is_(None), 1), else_=0),
    }


def offer_criteria(profile):
    """{reason: SQL value, higher is better} of a public vacancy for `profile`."""
    available = (case((Vacancy.start_date >= profile.available_from, 2), else_=0)
                 if profile.available_from else literal_column("1"))
    return {
        "occupation": _flag(Vacancy.occupation.in_(profile.occupations)),
        "contract": _flag(Vacancy.contract_type.in_(profile.contracts)),
        "commune": _flag(mentions(literal(profile.communes or ""), Vacancy.commune)),
        "available": available,
    }


def _flag(condition):
    return case((condition, 1), else_=0)


def profiles_for(vacancy, limit=LIMIT):
    """The bank's best profiles for `vacancy`: same occupation, or diploma, or words."""
    criteria = profile_criteria(vacancy)
    text = f"{vacancy.title}\n{vacancy.description}"
    ids = _similar("cv", text)
    relevant = or_(criteria["occupation"] == 1, criteria["diploma"] == 1,
                   CandidateProfile.id.in_(ids))
    query = bank().where(relevant)
    tiebreak = (CandidateProfile.last_contact_at.desc(), CandidateProfile.id.desc())
    return _ranked(query, CandidateProfile, criteria, ids, tiebreak, PROFILE_REASONS, limit)


def offers_for(profile, limit=LIMIT):
    """The public vacancies best fitting a candidate's profile: occupation, or words."""
    criteria = offer_criteria(profile)
    words = [profile.headline, *map(str, profile.occupation_labels),
             *map(str, profile.diploma_labels), profile.cv_text or ""]
    ids = _similar("vacancy", "\n".join(words))
    relevant = or_(criteria["occupation"] == 1, Vacancy.id.in_(ids))
    query = public().where(relevant)
    tiebreak = (Vacancy.start_date, Vacancy.id.desc())
    return _ranked(query, Vacancy, criteria, ids, tiebreak, OFFER_REASONS, limit)


def _similar(kind, text):
    try:
        return search.similar_ids(kind, text, TEXT_LIMIT)
    except search.IndexUnreadable:  # ranked by the other criteria alone (logged by search)
        return []


def _ranked(query, model, criteria, ids, tiebreak, labels, limit):
    """Run `query` ranked by `criteria`, then text rank; each row with its reasons."""
    rank = (case({object_id: n for n, object_id in enumerate(ids)}, value=model.id,
                 else_=len(ids)) if ids else literal_column("0")).label("match_text_rank")
    # Prefixed: a label named like a column ("occupation") is ambiguous in ORDER BY.
    columns = [value.label(f"match_{name}") for name, value in criteria.items()]
    query = (query.add_columns(*columns, rank).order_by(None)
             .order_by(*(column.desc() for column in columns), rank, *tiebreak).limit(limit))
    return [Match(row[0], _reasons(row._mapping, criteria, labels, len(ids)))
            for row in db.session.execute(query)]


def _reasons(values, criteria, labels, text_hits):
    """The labels of the criteria a row fully meets (availability: 2, known in time)."""
    reasons = [labels[name] for name in criteria
               if values[f"match_{name}"] == FULL.get(name, 1)]
    if values["match_text_rank"] < min(text_hits, TEXT_REASON_TOP):
        reasons.append(labels["text"])
    return reasons
