"""Every mail template belongs to one kind; users may turn any kind off but security."""
from flask_babel import lazy_gettext as _l

SECURITY = "security"
KINDS = {
    "moderation": _l("Décisions de modération sur mes offres, formations et profil"),
    "applications": _l("Candidatures reçues et suivi de mes candidatures"),
    "vacancies": _l("Mes offres : expiration, postes partagés"),
    "training": _l("Formations : place libérée, rappel avant la session"),
    "contact": _l("Messages d'établissements intéressés par mon CV"),
    "alerts": _l("Alertes : nouveaux résultats de mes recherches enregistrées"),
}
# Security mails (accounts, invitations, consent and data protection) are always sent.
TEMPLATES = {
    "password_reset": SECURITY,
    "password_reset_unknown": SECURITY,
    "signup_confirm": SECURITY,
    "account_exists": SECURITY,
    "invitation": SECURITY,
    "invitation_account_exists": SECURITY,
    "cv_consent_request": SECURITY,
    "cv_purge_warning": SECURITY,
    "establishment_approved": SECURITY,
    "establishment_rejected": SECURITY,
    "vacancy_published": "moderation",
    "vacancy_rejected": "moderation",
    "cv_approved": "moderation",
    "cv_rejected": "moderation",
    "training_approve": "moderation",
    "training_reject": "moderation",
    "application_received_candidate": "applications",
    "application_received_employer": "applications",
    "application_moved_candidate": "applications",
    "application_moved_employer": "applications",
    "vacancy_expiring": "vacancies",
    "vacancy_share_request": "vacancies",
    "vacancy_shares_confirmed": "vacancies",
    "training_promoted": "training",
    "training_reminder": "training",
    "cv_contact": "contact",
    "search_alerts": "alerts",
}


def kind_of(template):
    """The kind of a template; an unknown one counts as security, so it is never lost."""
    return TEMPLATES.get(template, SECURITY)
