"""Demo vacancies of the Bocage's members (called by app.seed; safe to run twice)."""
from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.pool.models import Vacancy, VacancyEmployer
from app.timeutil import local_today, utcnow

# establishment, title, ROME, contract, FTE, schedules, commune, postcode, salary
# range, diploma, days from now to start, status, co-employers [(name, share, days)]
VACANCIES = [
    ("EHPAD Les Tilleuls", "Aide-soignant(e) de nuit", "J1501", "cdi", 100, ("night",),
     "Vire Normandie", "14500", (1950, 2250), "DEAS", 21, "published", []),
    ("EHPAD Les Tilleuls", "Infirmier(ère) remplacement congé maternité", "J1506",
     "cdd_replacement", 80, ("day", "weekend"), "Vire Normandie", "14500", (2400, 2700),
     "DEI", 10, "published", []),
    ("Bocage Aide à Domicile", "Auxiliaire de vie à domicile", "K1302", "cdi", 80,
     ("day", "weekend"), "Condé-en-Normandie", "14110", (1750, 1900), "ADVF", 7,
     "published", []),
    ("SSIAD du Pays de Vire", "Aide-soignant(e) à domicile — poste partagé", "J1501",
     "shared_employment", 100, ("day",), "Vire Normandie", "14500", (1950, 2200), "DEAS", 30,
     "published", [("Centre de soins infirmiers de Saint-Sever", 40,
                    "Jeudi et vendredi, tournées de Saint-Sever")]),
    ("Résidence Le Clos Fleuri", "Agent(e) de service hospitalier", "J1301", "cdd", 100,
     ("day", "weekend"), "Tinchebray-Bocage", "61800", (1800, 1850), None, 14, "published",
     []),
    ("Résidence Le Clos Fleuri", "Cuisinier(ère) en collectivité", "G1602", "cdi", 100,
     ("day",), "Tinchebray-Bocage", "61800", (1900, 2100), None, 30, "published", []),
    ("Bocage Insertion", "Agent(e) d'entretien — parcours d'insertion", "K2204", "cdd", 60,
     ("day",), "Flers", "61100", None, None, 10, "published", []),
    ("Groupement d'employeurs du Bocage", "Psychomotricien(ne) partagé(e) entre EHPAD",
     "J1412", "shared_employment", 100, ("day",), "Valdallière", "14350", (2300, 2600), None,
     45, "published", [("EHPAD Les Tilleuls", 50, "Lundi, mardi, mercredi matin"),
                       ("Résidence Le Clos Fleuri", 30, "Jeudi, vendredi")]),
    ("Centre de soins infirmiers de Saint-Sever", "Infirmier(ère) de soins à domicile",
     "J1506", "cdi", 100, ("day", "weekend"), "Noues de Sienne", "14380", (2500, 2900), "DEI",
     20, "published", []),
    ("Bocage Aide à Domicile", "Technicien(ne) de l'intervention sociale et familiale",
     "K1305", "cdd", 50, ("day",), "Condé-en-Normandie", "14110", None, None, 15, "pending", []),
]
DESCRIPTION = ("{title} au sein de « {name} ». Vous rejoignez une équipe attentive, dans un "
               "établissement membre de la GTEC du Bocage. Planning connu un mois à l'avance, "
               "frais de déplacement pris en charge entre les sites.")


def _employer(vacancy, establishment, share, days):
    someone = next(iter(establishment.users), None)
    row = VacancyEmployer(establishment_id=establishment.id, fte_share=share, days=days)
    if someone:
        row.confirm(someone)
    vacancy.employers.append(row)


def _vacancy(row, establishments):
    (name, title, occupation, contract, fte, schedules, commune, postcode, salary, diploma,
     start_in, status, co_employers) = row
    lead = establishments[name]
    vacancy = Vacancy(
        establishment_id=lead.id, author_id=next(iter(lead.users)).id, occupation=occupation,
        title=title, description=DESCRIPTION.format(title=title, name=name),
        contract_type=contract, fte=fte, start_date=local_today() + timedelta(days=start_in),
        commune=commune, postcode=postcode, salary_min=salary[0] if salary else None,
        salary_max=salary[1] if salary else None, diploma=diploma, status=status,
        **{f"works_{code}": code in schedules for code in ("day", "night", "weekend")})
    if status == "published":
        vacancy.published_at = utcnow()
        vacancy.expires_on = local_today() + timedelta(days=60)
    _employer(vacancy, lead, fte - sum(share for _, share, _ in co_employers), None)
    for other, share, days in co_employers:
        _employer(vacancy, establishments[other], share, days)
    return vacancy


def seed_vacancies(establishments):
    """Add the demo vacancies that are missing; returns how many were added."""
    created = 0
    for row in VACANCIES:
        lead = establishments[row[0]]
        if db.session.scalar(select(Vacancy.id).where(Vacancy.establishment_id == lead.id,
                                                      Vacancy.title == row[1])) is None:
            db.session.add(_vacancy(row, establishments))
            created += 1
    return created
