"""Every message template belongs to one kind; users choose the channels of every kind
but security, which always goes by mail alone."""
from flask_babel import lazy_gettext as _l

SECURITY = "security"
KINDS = {
    "moderation": _l("Décisions de modération sur mes offres, formations et profil"),
    "applications": _l("Candidatures reçues et suivi de mes candidatures"),
    "vacancies": _l("Mes offres : expiration, postes partagés"),
    "training": _l("Formations : place libérée, rappel avant la session"),
    "contact": _l("Messages d'établissements intéressés par mon CV"),
    "alerts": _l("Alertes : nouveaux résultats de mes recherches enregistrées"),
    "missions": _l("Missions de remplacement : propositions, réponses et suivi"),
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
    "training_changed": "training",
    "training_cancelled": "training",
    "cv_contact": "contact",
    "search_alerts": "alerts",
    # r-pro:
    "replacement_invitation": SECURITY,  # to an address that may have no account yet
    "replacement_profile_approved": "missions",
    "replacement_calendar_empty": "missions",
    # r-alerts: the alerts of the pool and the deadline (app/replacements/alerts.py).
    "mission_alert": "missions",
    "mission_unfilled": "missions",
    # cred-elig: credentials lapsing (app/replacements/expiry.py).
    "credential_expiring": "missions",
    "credential_expiring_member": "missions",
    "credential_expired": "missions",
    "credential_withdrawn_member": "missions",
}


# What a short channel (SMS) says of each kind: never a name or any other
# person's data, only that something is waiting behind the link.
SHORT_TEXTS = {
    SECURITY: _l("un message important concernant votre compte vous attend"),
    "moderation": _l("une décision de modération vous concerne"),
    "applications": _l("du nouveau sur une candidature"),
    "vacancies": _l("du nouveau sur une de vos offres"),
    "training": _l("du nouveau sur une formation"),
    "contact": _l("un établissement souhaite vous contacter"),
    "alerts": _l("de nouveaux résultats pour vos recherches"),
    "missions": _l("du nouveau sur une mission de remplacement"),
}


def kind_of(template):
    """The kind of a template; an unknown one counts as security, so it is never lost."""
    return TEMPLATES.get(template, SECURITY)


# r-engine: the messages of taking a mission (app/replacements/booking.py).
TEMPLATES.update({name: "missions" for name in (
    "mission_booked_professional", "mission_booked_member", "mission_applied_member",
    "mission_declined", "mission_withdrawn_member", "mission_cancelled_professional")})

# fd-apps2: shared positions (app/pool) and the staff's queue (app/staff).
TEMPLATES.update({
    "vacancy_published_employer": "vacancies",
})
