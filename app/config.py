"""Configuration: defaults, then instance/config.py, then the environment."""
import os
import secrets
from pathlib import Path

from app import site

DEFAULTS = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "PERMANENT_SESSION_LIFETIME": 8 * 3600,
    "WTF_CSRF_TIME_LIMIT": None,
    "MAX_CONTENT_LENGTH": 6 * 1024 * 1024,
    "CV_MAX_BYTES": 5 * 1024 * 1024,
    "CV_SHARE_CONSENT_DAYS": 30,
    "BABEL_DEFAULT_LOCALE": "fr",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Paris",
    "MAIL_SERVER": "",
    "MAIL_PORT": 587,
    "MAIL_USERNAME": "",
    "MAIL_USE_TLS": True,
    "MAIL_SENDER": "GTEC <no-reply@gtec.invalid>",
    "RESET_LINK_MAX_AGE": 3600,
    "INVITATION_MAX_AGE": 7 * 24 * 3600,
    "LOGIN_MAX_FAILURES_PER_ACCOUNT": 5,
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 20,
    "LOGIN_FAILURE_WINDOW": 15 * 60,
    # Mails that a public form (sign-up, reset) or an invitation sends to one
    # address, and that one client asks for, within the window.
    "ACCOUNT_MAILS_PER_EMAIL": 5,
    "ACCOUNT_MAILS_PER_ADDRESS": 20,
    "ACCOUNT_MAILS_WINDOW": 3600,
    "SIGNUP_LINK_MAX_AGE": 24 * 3600,
    "PROXY_FIX": False,
    # Failed logins are counted in the database, shared by every worker;
    # "memory" would count per process (check-deploy refuses it with workers).
    "RATELIMIT_STORAGE": "database",
    # The search backend (app/search/): "whoosh" (an index folder, SEARCH_INDEX)
    # or "postgresql" (a table of the database, written with each change).
    "SEARCH_BACKEND": "whoosh",
}

# Environment variables read as text, and the ones read as numbers or flags.
ENV_TEXT = ("DATABASE_URL", "SECRET_KEY", "MAIL_SERVER", "MAIL_USERNAME",
            "MAIL_PASSWORD", "MAIL_SENDER", "BASE_URL", "SERVER_NAME", "UPLOAD_FOLDER",
            "SEARCH_INDEX", "SEARCH_BACKEND", "OUTBOX")
ENV_INT = ("MAIL_PORT", "MAX_CONTENT_LENGTH", "ACCOUNT_MAILS_PER_ADDRESS")
ENV_BOOL = ("MAIL_USE_TLS", "SESSION_COOKIE_SECURE", "PROXY_FIX")


def load(app, test_config=None):
    """Fill app.config from the four layers, in order."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    for name in ENV_TEXT:
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    for name in ENV_INT:
        if os.environ.get(name):
            app.config[name] = int(os.environ[name])
    for name in ENV_BOOL:
        if os.environ.get(name):
            app.config[name] = os.environ[name].lower() in ("1", "true", "yes", "on")
    if test_config:
        app.config.from_mapping(test_config)
    instance = Path(app.instance_path)
    app.config.setdefault("DATABASE_URL", f"sqlite:///{instance / 'gtec.sqlite'}")
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    app.config.setdefault("UPLOAD_FOLDER", str(instance / "uploads"))
    app.config.setdefault("SEARCH_INDEX", str(instance / "search"))
    app.config.setdefault("OUTBOX", str(instance / "outbox"))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(instance)
    site.configure(app.config)


def _instance_secret(instance):
    """Read the secret key kept in instance/, creating it on first run."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        draft = instance / f".secret_key.{os.getpid()}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:  # link() is atomic: when two workers start at once, one key wins
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()
