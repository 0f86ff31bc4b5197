"""French error pages for every HTTP error, CSRF failures and an unavailable database."""
from flask import g, render_template, request
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from app.extensions import db, login_manager

MESSAGES = {
    400: (_l("Requête incorrecte"), _l("La demande n'a pas pu être comprise. Revenez en arrière et réessayez.")),
    403: (_l("Accès refusé"), _l("Votre compte n'a pas accès à cette page. Si vous pensez que c'est une erreur, contactez l'association.")),
    404: (_l("Page introuvable"), _l("Cette page n'existe pas ou plus. Vérifiez l'adresse ou repartez de l'accueil.")),
    405: (_l("Action impossible"), _l("Cette action n'est pas permise à cette adresse.")),
    413: (_l("Fichier trop volumineux"), _l("Le fichier envoyé dépasse la taille autorisée.")),
    429: (_l("Trop de demandes"), _l("Trop de tentatives en peu de temps. Patientez un quart d'heure puis réessayez.")),
    500: (_l("Erreur du serveur"), _l("Une erreur inattendue s'est produite. Elle a été enregistrée ; réessayez dans un instant.")),
    503: (_l("Service momentanément indisponible"), _l("Le site est très sollicité ou en maintenance : votre demande n'a pas pu aboutir. Réessayez dans un instant.")),
}

# The page of last resort, when even the error template cannot be rendered.
BARE_PAGE = ('<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title>'
             '</head><body><h1>{title}</h1><p>{message}</p><p><a href="/">Retour à l\'accueil</a>'
             '</p></body></html>')


def render_error(code, title=None, message=None):
    """The error page for `code`, in the user's language."""
    default_title, default_message = MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])
    wants_json = request.path.startswith("/api/") or request.path == "/healthz"
    title, message = title or str(default_title), message or str(default_message)
    if wants_json:
        return {"error": title, "message": message}, code
    for _attempt in range(2):  # the error page itself must never fail
        try:
            return render_template("errors/error.html", code=code, title=title,
                                   message=message), code
        except Exception:
            _forget_database()
    return BARE_PAGE.format(title=escape(title), message=escape(message)), code


def _rollback():
    try:
        db.session.rollback()
    except Exception:  # a dead connection: the pool replaces it later
        db.session.close()


def _forget_database():
    """Render what follows without the database: roll back, and drop the user.

    The layout reads the logged-in user (and its establishment); with the
    database down or locked that read would fail again inside the error page.
    """
    _rollback()
    g._login_user = login_manager.anonymous_user()


def init_app(app):
    """Register the handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, _("Formulaire expiré"),
                            _("Le formulaire a expiré ou a été envoyé deux fois. "
                              "Rechargez la page puis réessayez."))

    @app.errorhandler(HTTPException)
    def http_error(error):
        return render_error(error.code or 500)

    @app.errorhandler(OperationalError)
    def database_unavailable(error):
        # Down, locked beyond the busy/lock timeout, full: the user can retry.
        app.logger.error("Database unavailable on %s: %s", request.path, error.orig)
        _forget_database()
        return render_error(503)

    @app.errorhandler(Exception)
    def unexpected(error):
        app.logger.exception("Unhandled error on %s", request.path)
        _rollback()
        return render_error(500)
