"""The lifecycles of the CV bank, each declared once (app/states.py).

An application: received → contacted → interview → hired | declined (with a
coded reason), moved on by the employers who reach it.
A profile's moderation: pending → approved | rejected, decided by staff; any
change of its content sends it back to pending.
A profile's visibility: hidden ⇄ members, shown only with a CV and a consent.

A shared CV's `share_status` (awaiting → consented, then cleared when the
candidate claims it) is not declared here: it is a nullable marker with one
step, and NULL-safe filters (`IS DISTINCT FROM`) read it better than a group.
"""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.errors import InvalidTransition
from app.permissions import can_handle_application, can_moderate
from app.states import Lifecycle, move
from app.timeutil import utcnow

DECLINE_REASONS = {
    "profile_mismatch": _l("Profil ne correspondant pas au poste"),
    "diploma_missing": _l("Diplôme requis manquant"),
    "availability": _l("Disponibilités incompatibles"),
    "position_filled": _l("Poste déjà pourvu"),
    "candidate_withdrew": _l("Désistement du candidat"),
    "other": _l("Autre motif"),
}
REJECTION_REASONS = {
    "unreadable": _l("CV illisible ou fichier inadapté"),
    "incomplete": _l("Profil incomplet"),
    "out_of_scope": _l("Sans lien avec les métiers de l'association"),
    "inappropriate": _l("Contenu inapproprié ou données sensibles"),
}
# The text of the consent shown on the form; its version is stored with the consent.
CONSENT_VERSION = "2026-01"
CONSENT_TEXT = _l("J'accepte que mon profil et mon CV soient visibles de tous les membres "
                  "de l'association pour des propositions d'emploi, jusqu'à ce que je le "
                  "retire (un clic suffit).")


def _handles(application, actor):
    return actor is not None and can_handle_application(actor, application)


def _declined(application, actor, reason=None):
    if reason not in DECLINE_REASONS:  # refused after the move: rolled back with its unit
        raise InvalidTransition(_("Choisissez le motif pour lequel la candidature n'est "
                                  "pas retenue."))
    application.decline_reason = reason


def _interview(application, actor, interview=None, **other_details):
    """The date, time, place and contact of the interview, each optional (the
    details of other moves, a decline's reason, are not the interview's)."""
    details = interview or {}
    application.interview_on = details.get("on")
    application.interview_time = details.get("time")
    application.interview_place = details.get("place") or None
    application.interview_contact = details.get("contact") or None


NOT_AN_EMPLOYER = _l("Votre établissement ne reçoit pas cette candidature.")
OPEN_APPLICATION = {"received", "contacted", "interview"}

APPLICATION = Lifecycle(
    "application",
    states={"received": _l("Reçue"), "contacted": _l("Candidat contacté"),
            "interview": _l("Entretien"), "hired": _l("Recruté(e)"),
            "declined": _l("Non retenue")},
    groups={"open": OPEN_APPLICATION, "final": {"hired", "declined"}},
    transitions={
        "contact": move("received", "contacted", when=_handles, refusal=NOT_AN_EMPLOYER),
        "interview": move({"received", "contacted"}, "interview", when=_handles,
                          refusal=NOT_AN_EMPLOYER, changes=_interview),
        "hire": move({"contacted", "interview"}, "hired", when=_handles,
                     refusal=NOT_AN_EMPLOYER),
        "decline": move(OPEN_APPLICATION, "declined", when=_handles, refusal=NOT_AN_EMPLOYER,
                        changes=_declined),
    },
    wrong_state=_l("Action impossible : la candidature est « %(status)s »."),
)


def _staff(profile, actor):
    return actor is not None and can_moderate(actor)


def _approved(profile, actor):
    profile.moderated_at = utcnow()
    profile.rejection_reason = profile.rejection_comment = None


def _rejected(profile, actor, reason=None, comment=None):
    if reason not in REJECTION_REASONS:  # refused after the move: rolled back with its unit
        raise InvalidTransition(_("Choisissez un motif de refus."))
    profile.moderated_at = utcnow()
    profile.rejection_reason, profile.rejection_comment = reason, comment


def _reopened(profile, actor):
    profile.moderated_at = profile.rejection_reason = profile.rejection_comment = None


ONLY_STAFF = _l("Seule l'équipe de l'association vérifie les profils.")

MODERATION = Lifecycle(
    "cv moderation",
    column="moderation",
    states={"pending": _l("En attente de vérification"), "approved": _l("Vérifié"),
            "rejected": _l("Refusé")},
    groups={"waiting": {"pending"}, "approved": {"approved"}},
    transitions={
        "approve": move("pending", "approved", when=_staff, refusal=ONLY_STAFF,
                        changes=_approved),
        "reject": move("pending", "rejected", when=_staff, refusal=ONLY_STAFF,
                       changes=_rejected),
        # The owner (or the member sharing it) changed the content: checked again.
        "recheck": move({"pending", "approved", "rejected"}, "pending", changes=_reopened),
    },
    wrong_state=_l("Ce profil a déjà été vérifié (« %(status)s »)."),
)


def _has_cv(profile, actor):
    return profile.cv_file is not None


def _consented(profile, actor):
    profile.consent_at, profile.consent_version = utcnow(), CONSENT_VERSION
    profile.touch()


# Both moves start from either state: consenting again records the current text's
# version, and a second click on "withdraw" is no error.
VISIBILITY = Lifecycle(
    "cv visibility",
    column="visibility",
    states={"hidden": _l("Masqué"), "members": _l("Visible des membres")},
    groups={"shown": {"members"}},
    transitions={
        "show": move({"hidden", "members"}, "members", when=_has_cv,
                     refusal=_l("Déposez d'abord votre CV."), changes=_consented),
        "hide": move({"hidden", "members"}, "hidden"),
    },
)
