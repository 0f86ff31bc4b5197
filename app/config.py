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
    # The task queue (app/tasks.py): TASKS_URL names its store (redis://…,
    # sqlite:///…, postgresql://…); by default the PostgreSQL database, else
    # instance/tasks.sqlite. TASKS_IMMEDIATE runs each task where it is queued.
    "TASKS_URL": "",
    "TASKS_WORKERS": 2,
    "MESSAGE_MAX_ATTEMPTS": 8,
    "MESSAGE_CLAIM_TIMEOUT": 600,
    # /healthz answers 503 when a message has waited for its task this long (s).
    "HEALTH_MAX_TASK_AGE": 900,
    "SMS_PROVIDER": "outbox",
    "SMS_URL": "",
    "SMS_API_KEY": "",
    "SMS_SENDER": "GTEC",
    "SMS_TIMEOUT": 10,
    "SMS_DAILY_CAP": 5,
    "SMS_QUIET_START": 21,
    "SMS_QUIET_END": 8,
    # The search backend (app/search/): "whoosh" (an index folder, SEARCH_INDEX)
    # or "postgresql" (a table of the database, written with each change).
    "SEARCH_BACKEND": "whoosh",
    # Where CV files are kept (app/storage.py): "local" (UPLOAD_FOLDER) or
    # "database" (a table, written in the transaction of the row naming the file).
    "FILE_STORAGE": "local",
    # Application hosts serving the site behind one load balancer (check-deploy
    # refuses what one host keeps to itself when there are several).
    "HOSTS": 1,
}

# Environment variables read as text, and the ones read as numbers or flags.
ENV_TEXT = ("DATABASE_URL", "SECRET_KEY", "MAIL_SERVER", "MAIL_USERNAME",
            "MAIL_PASSWORD", "MAIL_SENDER", "BASE_URL", "SERVER_NAME", "UPLOAD_FOLDER",
            "SEARCH_INDEX", "SEARCH_BACKEND", "FILE_STORAGE", "OUTBOX", "TASKS_URL",
            "SMS_PROVIDER", "SMS_URL", "SMS_API_KEY", "SMS_SENDER", "SMS_OUTBOX",
            "VAPID_PRIVATE_KEY", "VAPID_SUBJECT")
ENV_INT = ("MAIL_PORT", "MAX_CONTENT_LENGTH", "ACCOUNT_MAILS_PER_ADDRESS", "TASKS_WORKERS",
           "HEALTH_MAX_TASK_AGE", "MESSAGE_MAX_ATTEMPTS", "MESSAGE_CLAIM_TIMEOUT", "SMS_TIMEOUT",
           "SMS_DAILY_CAP", "SMS_QUIET_START", "SMS_QUIET_END", "HOSTS")
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
    app.config.setdefault("SMS_OUTBOX", str(instance / "sms-outbox"))
    # Tests run each task in the process that queues it, unless they start a consumer.
    app.config.setdefault("TASKS_IMMEDIATE", bool(app.config.get("TESTING")))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(instance, "secret_key",
                                                   lambda: secrets.token_hex(32))
    site.configure(app.config)


def instance_secret(instance, name, make):
    """Read the secret kept in instance/<name>, writing `make()` there (mode 0600) on
    first run; an existing file is never overwritten."""
    path = instance / name
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        draft = instance / f".{name}.{os.getpid()}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(make())
        try:  # link() is atomic: when two workers start at once, one key wins
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()
