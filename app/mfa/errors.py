"""Refusals of the second-factor pages, each with its French message."""
from flask_babel import gettext as _

from app.errors import DomainError


class InvalidCode(DomainError):
    def default_message(self):
        return _("Code incorrect, expiré ou déjà utilisé.")


class FactorRequired(DomainError):
    def default_message(self):
        return _("La double authentification est obligatoire pour votre compte : "
                 "gardez au moins un second facteur.")


class PasskeyRefused(DomainError):
    def default_message(self):
        return _("La clé d'accès n'a pas été reconnue. Réessayez, ou utilisez un code.")
