"""The dashboard's tables: one definition feeds the charts, the CSV files and,
with small counts hidden, the public observatoire."""
from flask_babel import lazy_gettext as _l

from app.staff import indicators

K_ANONYMITY = 5
MONTHLY_COLUMNS = {
    "published": _l("Offres publiées"), "filled": _l("Offres pourvues"),
    "median_days": _l("Délai médian publication → pourvue (jours)"),
    "applications": _l("Candidatures"), "shared_fte": _l("ETP des postes partagés (%)"),
    "shared": _l("Postes partagés publiés"), "seats_offered": _l("Places de formation offertes"),
    "seats_booked": _l("Places réservées"), "attended": _l("Stagiaires présents"),
    "missions_posted": _l("Missions de remplacement publiées"),
    "missions_filled": _l("Missions pourvues"),
    "mission_fill_hours": _l("Délai médian publication → mission pourvue (heures)"),
    "mission_hours": _l("Heures de remplacement réalisées"),
}
# Which count of people (or of jobs) each monthly figure rests on, for the observatoire.
MONTHLY_BASIS = {"median_days": "filled", "shared_fte": "shared",
                 "mission_fill_hours": "missions_filled", "mission_hours": "missions_done"}
TABLES = {
    "occupations": (_l("Offres ouvertes par métier"), [_l("Métier"), _l("Offres ouvertes")],
                    indicators.open_by_occupation),
    "applications": (_l("Candidatures par offre (les plus demandées)"),
                     [_l("Offre"), _l("Candidatures")], indicators.applications_per_vacancy),
    "cv": (_l("CVthèque : taille et fraîcheur"), [_l("Dernier contact"), _l("Profils")],
           indicators.cv_freshness),
    "monthly": (_l("Activité par mois"), [_l("Mois"), *MONTHLY_COLUMNS.values()],
                lambda: [[row["month"], *(row[k] for k in MONTHLY_COLUMNS)]
                         for row in indicators.monthly()]),
}


def table(name):
    """(title, header, rows) of one dashboard table."""
    title, header, rows = TABLES[name]
    return str(title), [str(h) for h in header], rows()


def hide_small(value, basis=None):
    """A figure the public may see: below K_ANONYMITY people, « < 5 » instead."""
    count = value if basis is None else basis
    if count is None or value is None:
        return None
    return f"< {K_ANONYMITY}" if count < K_ANONYMITY else value


def public_monthly():
    """The monthly rows with every small count hidden."""
    rows = []
    for row in indicators.monthly():
        public = {"month": row["month"]}
        for key in MONTHLY_COLUMNS:
            basis = row[MONTHLY_BASIS[key]] if key in MONTHLY_BASIS else None
            public[key] = hide_small(row[key], basis)
        rows.append(public)
    return rows


def public_counts(rows):
    """(label, count) rows with small counts hidden."""
    return [(label, hide_small(count)) for label, count in rows]


CHARTED = ("published", "median_days", "shared_fte", "seats_offered", "seats_booked", "attended",
           "missions_posted", "mission_hours")


def monthly_charts(rows):
    """{column: [(month, value)]} of the monthly columns drawn as charts."""
    return {key: [(row["month"], row[key]) for row in rows] for key in CHARTED}
