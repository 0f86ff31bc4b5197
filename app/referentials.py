"""The trade's vocabularies, with the French labels shown on screen."""

# ROME occupation codes of the sector (France Travail's referential).
OCCUPATIONS = {
    "J1501": "Aide-soignant(e)",
    "J1506": "Infirmier(ère)",
    "J1502": "IDEC / cadre de santé",
    "J1301": "Agent(e) de service hospitalier (ASH)",
    "K1301": "Accompagnant(e) éducatif et social (AES)",
    "K1302": "Aide à domicile / auxiliaire de vie",
    "K1304": "Services domestiques",
    "K1305": "Technicien(ne) de l'intervention sociale et familiale (TISF)",
    "J1102": "Médecin coordonnateur",
    "J1404": "Kinésithérapeute",
    "J1403": "Ergothérapeute",
    "J1412": "Psychomotricien(ne)",
    "K1104": "Psychologue",
    "G1602": "Cuisinier(ère)",
    "K2204": "Agent(e) d'entretien",
    "M1609": "Secrétaire médical(e)",
    "K1403": "Direction de structure",
}

DIPLOMAS = {
    "DEI": "Diplôme d'État d'infirmier",
    "DEAS": "Diplôme d'État d'aide-soignant",
    "DEAES": "Diplôme d'État d'accompagnant éducatif et social",
    "ADVF": "Titre assistant(e) de vie aux familles",
    "ASG": "Assistant(e) de soins en gérontologie",
    "AFGSU2": "AFGSU niveau 2",
}
