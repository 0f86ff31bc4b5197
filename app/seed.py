"""French demo data: member establishments of the Bocage and demo accounts."""
from datetime import date

from sqlalchemy import select

from app.auth.models import User
from app.auth.services import create_user
from app.extensions import db
from app.members.models import Establishment
from app.pool.seed import seed_vacancies
from app.replacements.seed import seed_replacements

# The documented password of the public demo accounts, not a secret.
DEMO_PASSWORD = "demo-gtec-2026"  # nosec B105

# name, kind, SIRET without its check digit, FINESS, address, postcode, commune,
# phone, status, charter signed on
ESTABLISHMENTS = [
    ("EHPAD Les Tilleuls", "ehpad", "7781234560001", "140012345", "12 rue des Tilleuls",
     "14500", "Vire Normandie", "02 31 68 00 01", "active", date(2015, 6, 12)),
    ("Bocage Aide à Domicile", "saad", "4421098760002", None, "3 place du Marché",
     "14110", "Condé-en-Normandie", "02 31 69 00 02", "active", date(2015, 6, 12)),
    ("SSIAD du Pays de Vire", "ssiad", "5123456780003", "140023456", "8 avenue de la Gare",
     "14500", "Vire Normandie", "02 31 68 00 03", "active", date(2016, 1, 20)),
    ("Centre de soins infirmiers de Saint-Sever", "centre_sante", "3334445550004",
     "140034567", "1 rue de l'Abbaye", "14380", "Noues de Sienne", "02 31 09 00 04",
     "active", date(2017, 3, 2)),
    ("Bocage Insertion", "siae", "8889990000005", None, "22 rue de la Chaussée",
     "61100", "Flers", "02 33 64 00 05", "active", None),
    ("Résidence Le Clos Fleuri", "ehpad", "2223334440006", "610045678",
     "5 chemin des Vergers", "61800", "Tinchebray-Bocage", "02 33 66 00 06", "active",
     date(2019, 9, 30)),
    ("Groupement d'employeurs du Bocage", "other", "6667778880007", None,
     "4 rue Saint-Martin", "14350", "Valdallière", "02 31 66 00 07", "active", None),
    ("EHPAD Saint-Joseph", "ehpad", "9990001110008", "140056789", "9 rue de l'Église",
     "14110", "Condé-en-Normandie", "02 31 69 00 08", "pending", None),
]

# email, first name, last name, role, establishment name
USERS = [
    ("staff@example.org", "Claire", "Lemoine", "staff", None),
    ("ehpad@example.org", "Sophie", "Marie", "member", "EHPAD Les Tilleuls"),
    ("domicile@example.org", "Thomas", "Leroy", "member", "Bocage Aide à Domicile"),
    ("ssiad@example.org", "Nathalie", "Hébert", "member", "SSIAD du Pays de Vire"),
    ("soins@example.org", "Pierre", "Lecomte", "member",
     "Centre de soins infirmiers de Saint-Sever"),
    ("insertion@example.org", "Karima", "Benali", "member", "Bocage Insertion"),
    ("closfleuri@example.org", "Isabelle", "Guérin", "member", "Résidence Le Clos Fleuri"),
    ("groupement@example.org", "Marc", "Duval", "member", "Groupement d'employeurs du Bocage"),
    ("saintjoseph@example.org", "Hélène", "Vautier", "member", "EHPAD Saint-Joseph"),
    ("candidat@example.org", "Julie", "Lefèvre", "candidate", None),
]


def luhn_complete(stem):
    """Append the digit that makes `stem` pass the Luhn check."""
    from app.members.validators import luhn_ok
    return next(stem + str(d) for d in range(10) if luhn_ok(stem + str(d)))


def _establishments():
    created, by_name = 0, {}
    for name, kind, stem, finess, address, postcode, commune, phone, status, signed in ESTABLISHMENTS:
        siret = luhn_complete(stem)
        item = db.session.scalar(select(Establishment).where(Establishment.siret == siret))
        if item is None:
            item = Establishment(name=name, kind=kind, siret=siret, finess=finess,
                                 address=address, postcode=postcode, commune=commune,
                                 phone=phone, status=status, charter_signed_on=signed)
            db.session.add(item)
            created += 1
        by_name[name] = item
    return created, by_name


def seed():
    """Add whatever demo data is missing; returns how many rows were added."""
    from app.training.seed import seed_training
    created, establishments = _establishments()
    users = {}
    for email, first, last, role, establishment in USERS:
        users[email] = db.session.scalar(select(User).where(User.email == email))
        if users[email] is None:
            users[email] = create_user(email, DEMO_PASSWORD, first, last, role,
                                       establishments.get(establishment),
                                       consent=role == "candidate")
            created += 1
    db.session.flush()
    created += seed_vacancies(establishments)
    created += seed_training(establishments, users)
    created += _profiles()
    created += seed_replacements(establishments, users, DEMO_PASSWORD)
    db.session.commit()
    return created


# email, first name, last name, headline, occupations, diplomas, years, contracts,
# schedules, communes — candidate profiles of the bank (without PDF: fpdf2 is a test tool)
PROFILES = [
    ("candidat@example.org", "Julie", "Lefèvre", "Aide-soignante de nuit, 8 ans en EHPAD",
     ["J1501"], ["DEAS", "AFGSU2"], 8, ["cdi", "cdd"], ["night"], "Vire Normandie, Condé-en-Normandie"),
    ("m.durand@example.org", "Mathieu", "Durand", "Infirmier DE, coordination à domicile",
     ["J1506", "J1502"], ["DEI"], 12, ["cdi"], ["day"], "Flers, Tinchebray-Bocage"),
    ("a.petit@example.org", "Amandine", "Petit", "Auxiliaire de vie, permis B et véhicule",
     ["K1302"], ["ADVF"], 4, ["cdi", "shared_employment"], ["day", "weekend"], "Valdallière"),
    ("k.moreau@example.org", "Kevin", "Moreau", "AES en reconversion, disponible de suite",
     ["K1301"], ["DEAES"], 1, ["cdd", "apprenticeship"], ["day"], "Noues de Sienne"),
    ("s.gosselin@example.org", "Sandrine", "Gosselin", "ASH polyvalente, restauration et entretien",
     ["J1301", "K2204"], [], 15, ["cdd_replacement", "vacation"], ["day", "weekend"], "Vire Normandie"),
]


def _profiles():
    """Candidate accounts with approved profiles visible in the bank."""
    from app.cv.models import CONSENT_VERSION, CandidateProfile
    from app.timeutil import utcnow
    created = 0
    for email, first, last, headline, occupations, diplomas, years, contracts, schedules, \
            communes in PROFILES:
        user = db.session.scalar(select(User).where(User.email == email)) or create_user(
            email, DEMO_PASSWORD, first, last, "candidate", consent=True)
        db.session.flush()
        if db.session.scalar(select(CandidateProfile.id).where(
                CandidateProfile.user_id == user.id)) is None:
            db.session.add(CandidateProfile(
                user_id=user.id, headline=headline, occupations=occupations, diplomas=diplomas,
                years_experience=years, contracts=contracts, schedules=schedules,
                communes=communes, visibility="members", consent_at=utcnow(),
                consent_version=CONSENT_VERSION, moderation="approved"))
            created += 1
    return created
