"""Demo replacements: a pool of professionals around Vire, Flers and Condé with their
availability over the coming weeks, the account remplacant@example.org, and missions in
every state, so that a newcomer tries both sides at once (`flask seed-demo`)."""
from datetime import time, timedelta

from sqlalchemy import select

from app.auth.models import User
from app.auth.services import create_user
from app.credentials.models import Credential
from app.extensions import db
from app.referentials import OCCUPATION_CREDENTIALS
from app.replacements.models import (CONSENT_VERSION, AlertPolicy, Assignment, Availability,
                                     Mission, MissionAlert, MissionDiploma, MissionShift,
                                     ProfileDiploma, ProfileEmployer, ProfileOccupation,
                                     ReplacementProfile)
from app.timeutil import local_today, to_utc, utcnow

# INSEE code, name, latitude, longitude (about the town halls: enough for a demo)
COMMUNES = {"vire": ("14762", "Vire Normandie", 48.8386, -0.8892),
            "flers": ("61169", "Flers", 48.7476, -0.5695),
            "conde": ("14174", "Condé-en-Normandie", 48.8497, -0.5525),
            "tinchebray": ("61486", "Tinchebray-Bocage", 48.7644, -0.7328),
            "sienne": ("14658", "Noues de Sienne", 48.8394, -1.0478),
            "valdalliere": ("14726", "Valdallière", 48.8577, -0.6679)}
SITES = {row[1]: row for row in COMMUNES.values()}  # the demo establishments' communes
DEMO_EMAIL = "remplacant@example.org"

# email, first, last, occupations, diplomas, commune, radius km, weekly ceiling,
# employers already worked for, the slots they are usually available in
PROS = [
    (DEMO_EMAIL, "Léa", "Marchand", ["J1501"], ["DEAS", "AFGSU2"], "vire", 30, 35,
     ["EHPAD Les Tilleuls"], ["night", "morning"]),
    ("r.lebrun@example.org", "Romain", "Lebrun", ["J1501"], ["DEAS"], "conde", 25, 42,
     [], ["morning", "afternoon"]),
    ("c.hamel@example.org", "Chloé", "Hamel", ["K1301"], ["DEAES"], "flers", 20, 30,
     ["Bocage Aide à Domicile"], ["day", "afternoon"]),
    ("y.renard@example.org", "Yanis", "Renard", ["J1506"], ["DEI"], "vire", 40, 48,
     ["SSIAD du Pays de Vire"], ["day", "night"]),
    ("m.leclerc@example.org", "Manon", "Leclerc", ["K1302"], ["ADVF"], "conde", 15, 25,
     [], ["morning", "day"]),
    ("b.roussel@example.org", "Bruno", "Roussel", ["J1301", "K2204"], [], "tinchebray", 20,
     35, ["Résidence Le Clos Fleuri"], ["morning", "afternoon"]),
    ("e.fontaine@example.org", "Élodie", "Fontaine", ["J1501", "K1301"], ["DEAS", "ASG"],
     "flers", 30, 40, [], ["night"]),
]
WEEKS = 6


def seed_replacements(establishments, users, password):
    """Add the demo pool and missions unless the demo professional exists; returns the
    number of rows added."""
    user = db.session.scalar(select(User).where(User.email == DEMO_EMAIL))
    if user is not None and user.replacement_profile is not None:
        return 0
    checker = users["staff@example.org"]
    profiles = {email: _professional(row, establishments, checker, password) for row in PROS
                for email in [row[0]]}
    db.session.flush()
    created = len(profiles) * 2 + _availability(profiles)
    for name in ("EHPAD Les Tilleuls", "Bocage Aide à Domicile"):
        db.session.add(AlertPolicy(establishment_id=establishments[name].id))
    return created + _missions(establishments, profiles, users)


def _professional(row, establishments, checker, password):
    email, first, last, occupations, diplomas, commune, radius, ceiling, employers, _ = row
    user = db.session.scalar(select(User).where(User.email == email)) or create_user(
        email, password, first, last, "candidate", consent=True)
    db.session.flush()
    insee, name, latitude, longitude = COMMUNES[commune]
    profile = ReplacementProfile(
        user_id=user.id, status="approved", home_insee=insee, home_commune=name,
        latitude=latitude, longitude=longitude, radius_km=radius,
        weekly_ceiling_hours=ceiling, consent_at=utcnow(), consent_version=CONSENT_VERSION,
        checked_at=utcnow(), checked_by_id=checker.id)
    profile.occupations = [ProfileOccupation(occupation=code) for code in occupations]
    profile.diplomas = [ProfileDiploma(diploma=code) for code in diplomas]
    profile.employers = [ProfileEmployer(establishment_id=establishments[n].id)
                         for n in employers]
    db.session.add(profile)
    db.session.add_all(_credentials(user, occupations, checker))
    return profile


def _credentials(user, occupations, checker):
    """The credentials the person's occupations require, verified (else no mission alerts)."""
    have = set(db.session.scalars(select(Credential.type).filter_by(holder_id=user.id)))
    types = sorted({code for occupation in occupations
                    for code in OCCUPATION_CREDENTIALS.get(occupation, ())} - have)
    obtained = local_today() - timedelta(days=6 * 365)
    return [Credential(holder_id=user.id, type=kind, obtained_on=obtained, verified_at=utcnow(),
                       verified_by_id=checker.id, verified_by_name=checker.full_name)
            for kind in types]


def _availability(profiles):
    """Each person's usual slots over the coming weeks: available most days, in last
    resort one day in four, unavailable on their day off."""
    today, count = local_today(), 0
    for n, row in enumerate(PROS):
        profile = profiles[row[0]]
        for offset in range(WEEKS * 7):
            day = today + timedelta(days=offset)
            level = ("unavailable" if (offset + n) % 7 == 6 else
                     "last_resort" if (offset + n) % 4 == 3 else "available")
            for slot in row[-1]:
                db.session.add(Availability(profile_id=profile.id, day=day, slot=slot,
                                            level=level))
                count += 1
    return count


# establishment, occupation, days from today, local start hour, hours per shift, shifts,
# mode, status, diplomas, site, note, assignments [(email, status, minutes done)],
# alerted [(email, answer)]
MISSIONS = [
    ("EHPAD Les Tilleuls", "J1501", 3, 21, 10, 1, "first", "open", ["DEAS"], "Unité protégée",
     "Nuit seule avec une infirmière d'astreinte joignable.", [],
     [(DEMO_EMAIL, None), ("e.fontaine@example.org", None)]),
    ("Bocage Aide à Domicile", "K1301", 5, 8, 7, 2, "validate", "open", ["DEAES"],
     "Secteur de Condé", "Tournée en voiture de service.",
     [("c.hamel@example.org", "applied", None), ("e.fontaine@example.org", "applied", None)],
     [("c.hamel@example.org", "applied"), ("e.fontaine@example.org", "applied")]),
    ("SSIAD du Pays de Vire", "J1501", 7, 7, 7, 1, "first", "filled", ["DEAS"], "Tournée Vire nord",
     "", [(DEMO_EMAIL, "booked", None)], [(DEMO_EMAIL, "accepted")]),
    ("Bocage Aide à Domicile", "K1301", 9, 13, 6, 1, "validate", "filled", [], "", "",
     [("c.hamel@example.org", "booked", None), ("e.fontaine@example.org", "declined", None)],
     [("c.hamel@example.org", "applied"), ("e.fontaine@example.org", "applied")]),
    ("Centre de soins infirmiers de Saint-Sever", "J1506", 6, 7, 12, 1, "first", "open",
     ["DEI"], "", "Remplacement d'une infirmière en formation.",
     [("y.renard@example.org", "withdrawn", None)], [("y.renard@example.org", "accepted")]),
    ("Groupement d'employeurs du Bocage", "K1302", 10, 9, 4, 3, "first", "cancelled", [], "",
     "", [("m.leclerc@example.org", "cancelled", None)],
     [("m.leclerc@example.org", "accepted")]),
    ("EHPAD Les Tilleuls", "J1501", -12, 21, 10, 1, "first", "done", ["DEAS"], "Unité protégée",
     "", [(DEMO_EMAIL, "done", 570)], [(DEMO_EMAIL, "accepted")]),
    ("Résidence Le Clos Fleuri", "J1501", -20, 7, 8, 2, "validate", "done", [], "Étage 2", "",
     [(DEMO_EMAIL, "done", 900), ("r.lebrun@example.org", "declined", None)],
     [(DEMO_EMAIL, "applied"), ("r.lebrun@example.org", "applied")]),
    ("Résidence Le Clos Fleuri", "J1301", -8, 6, 7, 1, "first", "done", [], "", "",
     [("b.roussel@example.org", "done", 390)], [("b.roussel@example.org", "accepted")]),
    ("Bocage Aide à Domicile", "K1302", -6, 8, 6, 1, "first", "done", [], "", "",
     [("m.leclerc@example.org", "no_show", None)], [("m.leclerc@example.org", "accepted")]),
    ("Résidence Le Clos Fleuri", "J1506", -4, 7, 12, 1, "first", "unfilled", ["DEI"], "",
     "", [], [("y.renard@example.org", None)]),
]
MEMBERS = {"EHPAD Les Tilleuls": "ehpad@example.org",
           "Bocage Aide à Domicile": "domicile@example.org",
           "SSIAD du Pays de Vire": "ssiad@example.org",
           "Centre de soins infirmiers de Saint-Sever": "soins@example.org",
           "Résidence Le Clos Fleuri": "closfleuri@example.org",
           "Groupement d'employeurs du Bocage": "groupement@example.org"}


def _shifts(days, hour, hours, count):
    first = local_today() + timedelta(days=days)
    return [MissionShift(starts_at=to_utc(first + timedelta(days=i), time(hour)),
                         ends_at=to_utc(first + timedelta(days=i), time(hour))
                         + timedelta(hours=hours), break_minutes=30) for i in range(count)]


def _mission(row, establishments, users):
    name, occupation, days, hour, hours, count, mode, status, diplomas, site, note = row[:11]
    establishment = establishments[name]
    insee, commune, latitude, longitude = SITES[establishment.commune]
    shifts = _shifts(days, hour, hours, count)
    published = min(utcnow(), shifts[0].starts_at) - timedelta(days=2)
    mission = Mission(
        establishment_id=establishment.id, author_id=users[MEMBERS[name]].id,
        occupation=occupation, site=site, note=note, mode=mode, status=status,
        insee=insee, commune=commune, latitude=latitude, longitude=longitude, shifts=shifts,
        starts_at=shifts[0].starts_at, ends_at=shifts[-1].ends_at,
        fill_by=shifts[0].starts_at - timedelta(hours=3), published_at=published,
        tier=1, wave=1, filled_at=published + timedelta(hours=2)
        if status in ("filled", "done") else None,
        closed_at=shifts[-1].ends_at if status in ("done", "unfilled") else None,
        cancel_reason="Le résident est hospitalisé : la mission n'a plus lieu d'être."
        if status == "cancelled" else None)
    mission.diplomas = [MissionDiploma(diploma=code) for code in diplomas]
    db.session.add(mission)
    return mission


def _missions(establishments, profiles, users):
    created = 0
    for row in MISSIONS:
        mission = _mission(row, establishments, users)
        db.session.flush()
        member = users[MEMBERS[row[0]]]
        for email, status, minutes in row[11]:
            db.session.add(Assignment(
                mission_id=mission.id, profile_id=profiles[email].id, status=status,
                minutes_done=minutes, decided_at=mission.published_at + timedelta(hours=2),
                reason="Enfant malade." if status in ("withdrawn", "cancelled") else None,
                confirmed_at=mission.ends_at if minutes else None,
                confirmed_by_id=member.id if minutes else None))
            if status == "done":
                profiles[email].last_mission_at = max(
                    profiles[email].last_mission_at or mission.ends_at, mission.ends_at)
        for email, answer in row[12]:
            sent = mission.published_at + timedelta(minutes=1)
            db.session.add(MissionAlert(
                mission_id=mission.id, profile_id=profiles[email].id, tier=1, wave=1,
                channels="mail,push", sent_at=sent, answer=answer,
                opened_at=sent + timedelta(minutes=5) if answer else None,
                answered_at=sent + timedelta(minutes=6) if answer else None))
        created += 1 + len(row[11]) + len(row[12])
    return created
