"""The trade's vocabularies, with the French labels shown on screen."""
from flask_babel import lazy_gettext as _l

# ROME occupation codes of the sector (France Travail's referential).
OCCUPATIONS = {
    "J1501": _l("Aide-soignant(e)"),
    "J1506": _l("Infirmier(ère)"),
    "J1502": _l("IDEC / cadre de santé"),
    "J1301": _l("Agent(e) de service hospitalier (ASH)"),
    "K1301": _l("Accompagnant(e) éducatif et social (AES)"),
    "K1302": _l("Aide à domicile / auxiliaire de vie"),
    "K1304": _l("Services domestiques"),
    "K1305": _l("Technicien(ne) de l'intervention sociale et familiale (TISF)"),
    "J1102": _l("Médecin coordonnateur"),
    "J1404": _l("Kinésithérapeute"),
    "J1403": _l("Ergothérapeute"),
    "J1412": _l("Psychomotricien(ne)"),
    "K1104": _l("Psychologue"),
    "G1602": _l("Cuisinier(ère)"),
    "K2204": _l("Agent(e) d'entretien"),
    "M1609": _l("Secrétaire médical(e)"),
    "K1403": _l("Direction de structure"),
}

DIPLOMAS = {
    "DEI": _l("Diplôme d'État d'infirmier"),
    "DEAS": _l("Diplôme d'État d'aide-soignant"),
    "DEAES": _l("Diplôme d'État d'accompagnant éducatif et social"),
    "ADVF": _l("Titre assistant(e) de vie aux familles"),
    "ASG": _l("Assistant(e) de soins en gérontologie"),
    "AFGSU2": _l("AFGSU niveau 2"),
}

# The credentials wallet (app/credentials/): type -> label, and the validity in years
# of those that lapse (the AFGSU is renewed every four years).
CREDENTIALS = {
    "DEI": _l("Diplôme d'État d'infirmier"),
    "DEAS": _l("Diplôme d'État d'aide-soignant"),
    "DEAES": _l("Diplôme d'État d'accompagnant éducatif et social"),
    "DEAP": _l("Diplôme d'État d'auxiliaire de puériculture"),
    "ADVF": _l("Titre assistant(e) de vie aux familles"),
    "ASG": _l("Assistant(e) de soins en gérontologie"),
    "TISF": _l("Diplôme d'État de technicien(ne) de l'intervention sociale et familiale"),
    "AFGSU1": _l("AFGSU niveau 1"),
    "AFGSU2": _l("AFGSU niveau 2"),
    "SST": _l("Sauveteur secouriste du travail (SST)"),
    "PERMIS_B": _l("Permis de conduire B"),
}
CREDENTIAL_VALIDITY_YEARS = {"AFGSU1": 4, "AFGSU2": 4}
CREDENTIAL_RPPS = frozenset({"DEI"})  # the number is an RPPS (11 digits, Luhn key)

# The credentials each occupation of the replacement pool requires (a mission may add
# more: app/replacements/models.MissionCredential); the others require none.
OCCUPATION_CREDENTIALS = {
    "J1501": ("DEAS",),
    "J1506": ("DEI",),
    "K1301": ("DEAES",),
    "K1305": ("TISF",),
}
