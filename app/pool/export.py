"""Vacancies as data for machines: the partner API and schema.org JobPosting.

Machines read these outside the site, so their links are absolute.
"""
from flask import url_for

# schema.org employmentType values for each contract type.
EMPLOYMENT_TYPES = {
    "cdi": [], "cdd": ["TEMPORARY"], "cdd_replacement": ["TEMPORARY"],
    "vacation": ["PER_DIEM"], "interim": ["TEMPORARY"], "apprenticeship": ["INTERN"],
    "shared_employment": ["OTHER"],
}


def _iso(value):
    return value.isoformat() if value is not None else None


def to_api(vacancy):
    """The public fields of a published vacancy, as the API returns them."""
    return {
        "id": vacancy.id,
        "url": url_for("pool.detail", vacancy_id=vacancy.id, _external=True),
        "title": vacancy.title,
        "description": vacancy.description,
        "occupation": {"rome": vacancy.occupation, "label": str(vacancy.occupation_label)},
        "contract_type": {"code": vacancy.contract_type, "label": str(vacancy.contract_label)},
        "fte_percent": vacancy.fte,
        "schedules": vacancy.schedules,
        "start_date": _iso(vacancy.start_date),
        "end_date": _iso(vacancy.end_date),
        "commune": vacancy.commune,
        "postcode": vacancy.postcode,
        "salary": {"min": vacancy.salary_min, "max": vacancy.salary_max,
                   "currency": "EUR", "period": "month"},
        "diploma": vacancy.diploma,
        "shared": vacancy.is_shared,
        "employers": [{"name": row.establishment.name, "fte_percent": row.fte_share,
                       "days": row.days} for row in vacancy.employers],
        "published_at": _iso(vacancy.published_at),
        "expires_on": _iso(vacancy.expires_on),
    }


def _salary(vacancy):
    if vacancy.salary_min is None and vacancy.salary_max is None:
        return None
    value = {"@type": "QuantitativeValue", "unitText": "MONTH"}
    if vacancy.salary_min is not None:
        value["minValue"] = vacancy.salary_min
    if vacancy.salary_max is not None:
        value["maxValue"] = vacancy.salary_max
    return {"@type": "MonetaryAmount", "currency": "EUR", "value": value}


def job_posting(vacancy):
    """schema.org JobPosting of a vacancy, for search engines (JSON-LD)."""
    lead = vacancy.establishment
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": vacancy.description,
        "identifier": {"@type": "PropertyValue", "name": "GTEC du Bocage",
                       "value": str(vacancy.id)},
        "datePosted": _iso(vacancy.published_at.date() if vacancy.published_at else None),
        "validThrough": _iso(vacancy.expires_on),
        "employmentType": ["FULL_TIME" if vacancy.fte == 100 else "PART_TIME",
                           *EMPLOYMENT_TYPES[vacancy.contract_type]],
        "occupationalCategory": f"{vacancy.occupation} {vacancy.occupation_label}",
        "hiringOrganization": {"@type": "Organization", "name": lead.name},
        "jobLocation": {"@type": "Place", "address": {
            "@type": "PostalAddress", "addressLocality": vacancy.commune,
            "postalCode": vacancy.postcode, "addressCountry": "FR"}},
        "jobStartDate": _iso(vacancy.start_date),
        "url": url_for("pool.detail", vacancy_id=vacancy.id, _external=True),
    }
    if vacancy.diploma:
        data["educationRequirements"] = str(vacancy.diploma_label)
    salary = _salary(vacancy)
    if salary:
        data["baseSalary"] = salary
    return data
