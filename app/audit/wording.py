"""What each audited action says to staff: a label for the filter, a French sentence.

The sentence names the actor as %(actor)s and the object as %(object)s; the
staff log (app/staff/audit_log.py) fills them with names linked to the objects.
Actions the platform takes on its own (purges, expiry) name no actor.
"""
from flask_babel import lazy_gettext as _l

ACTIONS = {
    # Accounts
    "login": (_l("Connexion"), _l("%(actor)s s'est connecté(e)")),
    "logout": (_l("Déconnexion"), _l("%(actor)s s'est déconnecté(e)")),
    "register": (_l("Création de compte"), _l("%(actor)s a créé son compte")),
    "password_change": (_l("Changement de mot de passe"),
                        _l("%(actor)s a changé son mot de passe")),
    "password_reset": (_l("Réinitialisation du mot de passe"),
                       _l("%(actor)s a réinitialisé son mot de passe")),
    "reset_link_sent": (_l("Envoi d'un lien de réinitialisation"),
                        _l("%(actor)s a envoyé un lien de réinitialisation du mot de passe "
                           "à %(object)s")),
    "role_change": (_l("Changement de rôle"), _l("%(actor)s a changé le rôle de %(object)s")),
    "user_disable": (_l("Désactivation de compte"),
                     _l("%(actor)s a désactivé le compte de %(object)s")),
    "user_enable": (_l("Réactivation de compte"),
                    _l("%(actor)s a réactivé le compte de %(object)s")),
    "account_deleted": (_l("Suppression de compte"), _l("Le compte de %(object)s a été supprimé")),
    "data_export": (_l("Export de ses données"), _l("%(actor)s a exporté ses données")),
    "setting_change": (_l("Changement de réglage"), _l("%(actor)s a modifié un réglage")),
    "audit_export": (_l("Export du journal d'audit"),
                     _l("%(actor)s a exporté le journal d'audit")),
    "dashboard_export": (_l("Export du tableau de bord"),
                         _l("%(actor)s a exporté un tableau du tableau de bord")),
    # Second factors
    "mfa_totp_added": (_l("Ajout d'une application d'authentification"),
                       _l("%(actor)s a ajouté une application d'authentification")),
    "mfa_totp_removed": (_l("Retrait d'une application d'authentification"),
                         _l("%(actor)s a retiré son application d'authentification")),
    "mfa_recovery_renewed": (_l("Renouvellement des codes de secours"),
                             _l("%(actor)s a renouvelé ses codes de secours")),
    "mfa_recovery_used": (_l("Utilisation d'un code de secours"),
                          _l("%(actor)s a utilisé un code de secours")),
    "mfa_reset": (_l("Réinitialisation de la double authentification"),
                  _l("%(actor)s a réinitialisé la double authentification de %(object)s")),
    "mfa_passkey_added": (_l("Ajout d'une clé d'accès"), _l("%(actor)s a ajouté une clé d'accès")),
    "mfa_passkey_removed": (_l("Retrait d'une clé d'accès"),
                            _l("%(actor)s a retiré une clé d'accès")),
    # CV bank
    "cv_view": (_l("Consultation de CV"), _l("%(actor)s a consulté le CV de %(object)s")),
    "cv_download": (_l("Téléchargement de CV"), _l("%(actor)s a téléchargé le CV de %(object)s")),
    "cv_contact": (_l("Message à un candidat"), _l("%(actor)s a écrit à %(object)s")),
    "cv_profile_saved": (_l("Enregistrement d'un profil"),
                         _l("%(actor)s a enregistré le profil de %(object)s")),
    "cv_uploaded": (_l("Dépôt de CV"), _l("%(actor)s a déposé le CV de %(object)s")),
    "cv_consent": (_l("Consentement à la CVthèque"),
                   _l("%(actor)s a consenti à la diffusion du CV de %(object)s")),
    "cv_withdrawn": (_l("Retrait de la CVthèque"),
                     _l("%(actor)s a retiré de la CVthèque le CV de %(object)s")),
    "cv_kept": (_l("Conservation de CV prolongée"),
                _l("%(actor)s a demandé à conserver le CV de %(object)s")),
    "cv_approve": (_l("Validation de profil"), _l("%(actor)s a validé le profil de %(object)s")),
    "cv_reject": (_l("Refus de profil"), _l("%(actor)s a refusé le profil de %(object)s")),
    "cv_shared": (_l("Partage de CV"), _l("%(actor)s a partagé le CV de %(object)s")),
    "cv_share_consent": (_l("Partage de CV accepté"),
                         _l("Le partage du CV de %(object)s a été accepté")),
    "cv_share_refused": (_l("Partage de CV refusé"),
                         _l("Le partage du CV de %(object)s a été refusé")),
    "cv_share_claimed": (_l("CV partagé rattaché à un compte"),
                         _l("%(actor)s a rattaché à son compte le CV de %(object)s")),
    "cv_purge_warning": (_l("Avertissement avant suppression"),
                         _l("La plateforme a prévenu %(object)s de la suppression prochaine "
                            "de son CV")),
    "cv_purged": (_l("Suppression en fin de conservation"),
                  _l("La plateforme a supprimé le CV de %(object)s (durée de conservation "
                     "écoulée)")),
    "cv_share_expired": (_l("Suppression d'un CV partagé sans consentement"),
                         _l("La plateforme a supprimé le CV partagé de %(object)s, faute de "
                            "consentement")),
    # Applications
    "application_submit": (_l("Candidature"), _l("%(actor)s a envoyé %(object)s")),
    "application_contact": (_l("Candidat contacté"),
                            _l("%(actor)s a contacté l'auteur de %(object)s")),
    "application_interview": (_l("Entretien proposé"),
                              _l("%(actor)s a proposé un entretien pour %(object)s")),
    "application_hire": (_l("Recrutement"), _l("%(actor)s a retenu %(object)s")),
    "application_decline": (_l("Candidature non retenue"),
                            _l("%(actor)s n'a pas retenu %(object)s")),
    "applications_purged": (_l("Suppression des candidatures anciennes"),
                            _l("La plateforme a supprimé les candidatures closes anciennes")),
    # Vacancies
    "vacancy_draft": (_l("Création d'offre"), _l("%(actor)s a créé %(object)s")),
    "vacancy_edit": (_l("Modification d'offre"), _l("%(actor)s a modifié %(object)s")),
    "vacancy_submit": (_l("Offre soumise"), _l("%(actor)s a soumis %(object)s à validation")),
    "vacancy_publish": (_l("Publication d'offre"), _l("%(actor)s a publié %(object)s")),
    "vacancy_reject": (_l("Refus d'offre"), _l("%(actor)s a refusé %(object)s")),
    "vacancy_withdraw": (_l("Retrait d'offre"), _l("%(actor)s a retiré %(object)s")),
    "vacancy_fill": (_l("Offre pourvue"), _l("%(actor)s a marqué comme pourvue %(object)s")),
    "vacancy_expire": (_l("Expiration d'offre"),
                       _l("La plateforme a clos %(object)s, arrivée à expiration")),
    "vacancy_extend": (_l("Prolongation d'offre"), _l("%(actor)s a prolongé %(object)s")),
    "vacancy_share_confirm": (_l("Part de poste partagé confirmée"),
                              _l("%(actor)s a confirmé sa part de %(object)s")),
    # Establishments
    "establishment_request": (_l("Demande d'adhésion"),
                              _l("%(actor)s a demandé l'adhésion de %(object)s")),
    "establishment_approve": (_l("Adhésion validée"),
                              _l("%(actor)s a validé l'adhésion de %(object)s")),
    "establishment_reject": (_l("Adhésion refusée"),
                             _l("%(actor)s a refusé l'adhésion de %(object)s")),
    "establishment_suspend": (_l("Établissement suspendu"), _l("%(actor)s a suspendu %(object)s")),
    "establishment_reactivate": (_l("Établissement réactivé"),
                                 _l("%(actor)s a réactivé %(object)s")),
    "invite": (_l("Invitation d'un membre"),
               _l("%(actor)s a invité une personne à rejoindre %(object)s")),
    "invitation_accepted": (_l("Invitation acceptée"), _l("%(actor)s a rejoint %(object)s")),
    "charter_signed": (_l("Charte signée"),
                       _l("%(actor)s a enregistré la charte signée de %(object)s")),
    # Training
    "training_submit": (_l("Session proposée"), _l("%(actor)s a proposé %(object)s")),
    "training_approve": (_l("Session publiée"), _l("%(actor)s a publié %(object)s")),
    "training_reject": (_l("Session refusée"), _l("%(actor)s a refusé %(object)s")),
    "training_book": (_l("Réservation de places"), _l("%(actor)s a enregistré %(object)s")),
    "training_cancel": (_l("Annulation de réservation"), _l("%(actor)s a annulé %(object)s")),
    "training_attendance": (_l("Feuille de présence"),
                            _l("%(actor)s a enregistré les présences de %(object)s")),
    "training_export": (_l("Export des inscrits"),
                        _l("%(actor)s a exporté les inscrits de %(object)s")),
}

# The details worth showing, with their French name; the others stay in the CSV.
DETAIL_LABELS = {
    "reason": _l("Motif"), "before": _l("Avant"), "after": _l("Après"),
    "email": _l("Adresse"), "count": _l("Nombre"), "present": _l("Présents"),
    "seats": _l("Places"), "share": _l("Part (ETP)"), "size": _l("Taille (octets)"),
    "setting": _l("Réglage"), "table": _l("Tableau"), "status": _l("État"),
}


def label(action):
    """The French name of an action, for the filter; its code when it is unknown."""
    known = ACTIONS.get(action)
    return known[0] if known else action


def sentence(action):
    """The French sentence of an action, with %(actor)s and %(object)s to fill."""
    known = ACTIONS.get(action)
    return known[1] if known else _l("%(actor)s : %(action)s %(object)s")
