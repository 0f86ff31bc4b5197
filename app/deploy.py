"""`flask check-deploy`: what would make this configuration unsafe in production."""
import os

from flask import Config
from flask.helpers import get_debug_flag
from sqlalchemy.engine import make_url

from app import site

WEAK_SECRETS = {"dev", "test", "secret", "changeme", "change-me", "development", "gtec"}
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def problems(config, workers=1, debug=False):
    """French sentences, one per problem found; empty when ready."""
    found = []
    if debug:
        found.append("Le mode debug est activé : désactivez FLASK_DEBUG en production.")
    secret = config.get("SECRET_KEY") or ""
    if len(secret) < 32 or secret.lower() in WEAK_SECRETS:
        found.append("La clé secrète (SECRET_KEY) est faible ou par défaut : "
                     "32 caractères aléatoires au moins.")
    if not config.get("SESSION_COOKIE_SECURE"):
        found.append("Les cookies ne sont pas marqués Secure : servez le site en HTTPS et "
                     "mettez SESSION_COOKIE_SECURE=true.")
    found.extend(_address_problems(config))
    limit = config.get("MAX_CONTENT_LENGTH")
    if not limit or limit > MAX_UPLOAD_BYTES:
        found.append("La taille des envois n'est pas bornée : MAX_CONTENT_LENGTH doit valoir "
                     "au plus 20 Mo.")
    storage = config.get("RATELIMIT_STORAGE", "database")
    if workers > 1 and storage == "memory":
        found.append("La limitation des tentatives de connexion est gardée en mémoire de "
                     f"chaque processus alors que {workers} processus tournent : "
                     "utilisez le stockage partagé (database).")
    if config.get("PUSH_ALLOW_LOOPBACK"):  # every push is a POST from the server to the endpoint
        found.append("PUSH_ALLOW_LOOPBACK est activé : un abonnement pourrait faire envoyer "
                     "des requêtes du serveur vers http://127.0.0.1. Réservé aux tests.")
    if not config.get("PROXY_FIX"):
        found.append(_NOT_BEHIND_NGINX)
    found.extend(_unshared(config))
    return found


def _unshared(config):
    """With several hosts (HOSTS), what one host would keep to itself."""
    hosts = config.get("HOSTS") or 1
    if hosts <= 1:
        return []
    kept = []
    if make_url(config["DATABASE_URL"]).get_backend_name() == "sqlite":
        kept.append("la base SQLite (DATABASE_URL=postgresql+psycopg://…)")
    if config.get("SEARCH_BACKEND", "whoosh") == "whoosh":
        kept.append("l'index de recherche whoosh (SEARCH_BACKEND=postgresql)")
    if config.get("FILE_STORAGE", "local") == "local":
        kept.append("les fichiers des CV dans UPLOAD_FOLDER (FILE_STORAGE=database)")
    tasks = config.get("TASKS_URL") or config["DATABASE_URL"]
    if make_url(tasks).get_backend_name() == "sqlite":
        kept.append("la file des tâches SQLite (TASKS_URL)")
    if config.get("RATELIMIT_STORAGE", "database") == "memory":
        kept.append("le compte des échecs de connexion en mémoire (RATELIMIT_STORAGE=database)")
    return [f"{hosts} hôtes sont déclarés (HOSTS) mais chacun garderait pour lui {what} : "
            "utilisez le stockage partagé indiqué." for what in kept]


def _address_problems(config):
    """The site's address (BASE_URL) must be set, public and over HTTPS: mailed links use it."""
    if site.is_local(config):
        return ["L'adresse publique du site n'est pas configurée : mettez BASE_URL=https://… "
                "(les liens des courriels y mènent, les autres adresses sont refusées)."]
    if not config["BASE_URL"].startswith("https://"):
        return ["L'adresse du site (BASE_URL) n'est pas en HTTPS : les liens des courriels "
                "transmettraient leurs jetons en clair."]
    return []


# gunicorn's sync workers must never face the internet alone (README, Deployment):
# behind nginx, without PROXY_FIX, every visitor has nginx's address and the
# per-address login limit would lock everyone out at once.
_NOT_BEHIND_NGINX = ("PROXY_FIX n'est pas activé : gunicorn ne doit jamais faire face à "
                     "Internet seul. Servez-le derrière nginx (deploy/nginx/) et mettez "
                     "PROXY_FIX=true.")


def worker_count():
    """Workers the server runs with, as gunicorn reads them from the environment."""
    text = os.environ.get("WEB_CONCURRENCY", "1")
    return int(text) if text.isdigit() else 1


def debug_requested(app):
    """Debug asked for by FLASK_DEBUG or by instance/config.py.

    The flask command resets app.debug from FLASK_DEBUG alone, while a WSGI
    server keeps DEBUG from the configuration files: look at both.
    """
    files = Config(app.instance_path)
    files.from_pyfile("config.py", silent=True)
    return get_debug_flag() or bool(files.get("DEBUG"))
