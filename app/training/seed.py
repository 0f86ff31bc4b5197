"""French demo training sessions, among them the association's yearly theme."""
from datetime import time, timedelta

from sqlalchemy import select

from app.extensions import db
from app.timeutil import utcnow
from app import timeutil
from app.training.models import Attendee, SeatBooking, TrainingDate, TrainingSession

SIMULATOR = ("Porter le simulateur de vieillissement pendant une demi-journée, en "
             "binômes EHPAD / aide à domicile : lunettes, casque, gilet lesté et gants "
             "font éprouver les gestes du quotidien d'une personne de 85 ans. Analyse en "
             "groupe et pistes pour adapter l'accompagnement, en établissement comme au "
             "domicile.")

# title, organiser (None: the association), theme, yearly theme, provider, place,
# commune, days ahead of today, number of days, seats total, open, max per member,
# price in cents, funding, status, description
SESSIONS = [
    ("Simulateur de vieillissement : se mettre à la place de la personne âgée", None,
     "simulateur", True, "Formavie Normandie", "Salle des fêtes, place du Champ de Foire",
     "Vire Normandie", 24, 1, 12, 12, 3, None, "OPCO Santé", "published", SIMULATOR),
    ("Simulateur de vieillissement : session du Bocage ornais", None, "simulateur", True,
     "Formavie Normandie", "Résidence Le Clos Fleuri, salle d'animation", "Tinchebray-Bocage",
     52, 1, 10, 10, 3, None, "OPCO Santé", "published", SIMULATOR),
    ("Gestes et postures : manutention des personnes âgées", "EHPAD Les Tilleuls",
     "manutention", False, "Prévention Santé Travail Normandie",
     "EHPAD Les Tilleuls, salle de formation", "Vire Normandie", 33, 1, 10, 4, 2, None,
     "OPCO Santé", "published", "Prévenir les troubles musculo-squelettiques : transferts, "
     "aides techniques (lève-personne, drap de glisse), mises en situation en chambre."),
    ("Accompagner la fin de vie à domicile", "SSIAD du Pays de Vire", "palliatif", False,
     "Équipe mobile de soins palliatifs du Bocage", "SSIAD du Pays de Vire, 8 avenue de la Gare",
     "Vire Normandie", 45, 2, 8, 3, 1, 18000, "OPCO Santé", "published",
     "Soins de confort, douleur, accompagnement des familles et travail avec l'HAD. "
     "Deux journées, avec retour d'expérience."),
    ("AFGSU niveau 2 : recyclage", "Centre de soins infirmiers de Saint-Sever", "urgence",
     False, "CESU 14", "Centre de soins infirmiers, 1 rue de l'Abbaye", "Noues de Sienne",
     60, 1, 12, 6, 2, 12000, "OPCO Santé", "published",
     "Réactualisation des gestes d'urgence vitale, obligatoire tous les quatre ans."),
    ("Prévenir la dénutrition du sujet âgé", "Résidence Le Clos Fleuri", "nutrition", False,
     "Diététiciennes du Bocage", "Résidence Le Clos Fleuri", "Tinchebray-Bocage", 40, 1,
     10, 5, None, None, None, "pending",
     "Repérer la dénutrition, enrichir les repas, texture modifiée et plaisir de manger."),
]

# session title, booker's email, attendees (name, ROME code)
BOOKINGS = [
    (SESSIONS[0][0], "domicile@example.org",
     [("Céline Lebrun", "K1302"), ("Yannick Morel", "K1302")]),
    (SESSIONS[0][0], "ehpad@example.org",
     [("Aurélie Hamel", "J1501"), ("Kevin Roussel", "J1301")]),
    (SESSIONS[2][0], "closfleuri@example.org", [("Martine Lesage", "J1501")]),
]


def seed_training(establishments, users):
    """Add the missing demo sessions and bookings; returns how many were added."""
    created = 0
    for row in SESSIONS:
        if db.session.scalar(select(TrainingSession.id).where(TrainingSession.title == row[0])):
            continue
        db.session.add(_session(row, establishments, users))
        created += 1
    db.session.flush()
    for title, email, people in BOOKINGS:
        session = db.session.scalar(select(TrainingSession).where(TrainingSession.title == title))
        if not any(b.booked_by.email == email for b in session.bookings):
            _book(session, users[email], people)
            created += 1
    return created


def _session(row, establishments, users):
    (title, organiser, theme, yearly, provider, place, commune, ahead, days, total, open_,
     max_per_member, price, funding, status, description) = row
    days_on = _working_days(timeutil.local_today() + timedelta(days=ahead), days)
    first = days_on[0]
    dates = [TrainingDate(starts_at=timeutil.to_utc(day, time(9)),
                          ends_at=timeutil.to_utc(day, time(17))) for day in days_on]
    creator = users["staff@example.org"] if organiser is None else next(
        u for u in users.values() if u.establishment and u.establishment.name == organiser)
    return TrainingSession(
        organiser=establishments.get(organiser), created_by=creator, status=status,
        published_at=utcnow() if status == "published" else None, title=title, theme=theme,
        yearly_theme=yearly, provider=provider, description=description, place=place,
        commune=commune, seats_total=total, seats_open=open_, max_per_member=max_per_member,
        price_cents=price, funding=funding, registration_deadline=first - timedelta(days=7),
        starts_at=dates[0].starts_at, ends_at=dates[-1].ends_at, dates=dates)


def _working_days(start, count):
    """`count` working days from `start` on (a session does not sit on a Sunday or a public
    holiday: a training centre is closed then)."""
    days, day = [], start
    while len(days) < count:
        if timeutil.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _book(session, user, people):
    """A confirmed booking of demo data (the seats are free: the list is ours)."""
    session.seats_taken += len(people)
    session.bookings.append(SeatBooking(
        establishment_id=user.establishment_id, booked_by=user, status="confirmed",
        seats=len(people), confirmed_at=utcnow(),
        attendees=[Attendee(name=name, occupation=code) for name, code in people]))
