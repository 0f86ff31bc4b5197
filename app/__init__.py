"""The GTEC platform: create_app() builds the Flask application."""
import importlib
from pathlib import Path

from flask import has_request_context, request, session
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from app import config, database, french, permissions, search, security, tasks  # noqa: F401  (database: engine events)
from app.site import Flask
from app.extensions import babel, csrf, db, login_manager, migrate


def select_locale():
    """French unless the visitor chose English."""
    if has_request_context() and session.get(security.LANGUAGE) in ("fr", "en"):
        return session[security.LANGUAGE]
    return "fr"


class IdConverter(IntegerConverter):
    """`<int:…>` in URLs, bounded to what a database id column holds: a larger
    number answers 404 instead of overflowing the query."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(url_map, *args, **kwargs)


def create_app(test_config=None):
    """Build the application: config, extensions, blueprints, CLI, errors."""
    app = Flask(__name__, instance_relative_config=True)
    app.url_map.converters["int"] = IdConverter
    config.load(app, test_config)
    for key in ("UPLOAD_FOLDER", "SEARCH_INDEX", "OUTBOX", "SMS_OUTBOX"):
        Path(app.config[key]).mkdir(parents=True, exist_ok=True)
    if app.config["PROXY_FIX"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True,
                     render_item=database.render_migration_type, directory=str(Path(__file__).parent.parent / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    security.init_app(app)
    tasks.configure(app)
    _register_blueprints(app)
    _register_templates(app)

    from app import cli, errors_views
    cli.init_app(app)
    errors_views.init_app(app)
    return app


# The modules whose import adds routes (or commands) to their feature's blueprint.
VIEW_MODULES = (
    "app.main.public_views", "app.auth.public_views", "app.auth.account_views",
    "app.members.public_views", "app.members.member_views",
    "app.staff.staff_queue_views", "app.staff.staff_audit_views",
    "app.staff.staff_dashboard_views", "app.staff.public_views",
    "app.staff.staff_establishment_views", "app.staff.staff_user_views",
    "app.pool.public_views", "app.pool.member_views",
    "app.cv.candidate_views", "app.cv.member_application_views", "app.cv.member_bank_views",
    "app.cv.member_match_views", "app.cv.member_share_views", "app.cv.public_share_views",
    "app.api.public_views", "app.training.member_views",
    "app.training.member_organiser_views", "app.training.member_renewal_views",
    "app.training.member_organiser_edit_views", "app.training.member_feed_views",
    "app.search_views.public_views", "app.alerts.account_views", "app.notifications.account_views",
    "app.notifications.staff_views",
    "app.mfa.account_views", "app.mfa.public_views", "app.mfa.staff_views", "app.mfa.cli",
    "app.push.account_views", "app.push.public_views",
    "app.replacements.member_views", "app.replacements.member_planning_views",
    "app.replacements.candidate_mine_views", "app.replacements.public_feed_views",
    # r-pro:
    "app.replacements.candidate_views", "app.replacements.member_pool_views",
    "app.replacements.staff_views",
    # r-alerts
    "app.replacements.public_views", "app.replacements.candidate_mission_views",
    "app.credentials.candidate_views", "app.credentials.member_verify_views",
)


def _register_blueprints(app):
    """Each feature's blueprint.py holds its blueprints; this composition root loads
    the view modules that fill them, then registers them."""
    for module in VIEW_MODULES:
        importlib.import_module(module)
    from app.alerts.blueprint import bp as alerts_bp
    from app.api.blueprint import bp as api_bp
    from app.auth.blueprint import bp as auth_bp
    from app.credentials.blueprint import bp as credentials_bp
    from app.cv.blueprint import bp as cv_bp
    from app.main.blueprint import bp as main_bp
    from app.members.blueprint import bp as members_bp
    from app.mfa.blueprint import bp as mfa_bp, staff_bp as mfa_staff_bp
    from app.notifications.blueprint import bp as notifications_bp
    from app.pool.blueprint import bp as pool_bp
    from app.push.blueprint import app_bp as push_app_bp, bp as push_bp
    from app.replacements.blueprint import bp as replacements_bp
    from app.search_views.blueprint import bp as search_bp
    from app.staff.blueprint import bp as staff_bp, observatoire_bp
    from app.training.blueprint import bp as training_bp
    for blueprint in (main_bp, auth_bp, members_bp, staff_bp, pool_bp, cv_bp,
                      api_bp, training_bp, search_bp, alerts_bp,
                      notifications_bp, observatoire_bp, mfa_bp, mfa_staff_bp, push_bp, push_app_bp,
                      replacements_bp, credentials_bp):
        app.register_blueprint(blueprint)
    import app.audit.models  # noqa: F401  (tables known to migrations)
    import app.notifications.models  # noqa: F401
    import app.replacements.models  # noqa: F401
    import app.replacements.expiry  # noqa: F401  (its daily task)
    import app.notifications.policy  # noqa: F401  (mail.send hands over to it)
    import app.notifications.sms, app.push.channel  # noqa: F401,E401  (channels)
    import app.indexing  # noqa: F401  (index hooks on every session)
    import app.cv.indexing, app.pool.indexing, app.training.indexing  # noqa: F401,E401  (kinds)


def _register_templates(app):
    """Expose the permission predicates and the current path to templates."""
    app.jinja_env.globals.update(
        {name: getattr(permissions, name) for name in dir(permissions)
         if name.startswith(("is_", "can_"))})
    app.jinja_env.globals["current_locale"] = select_locale
    app.jinja_env.globals["highlights"] = search.highlights
    app.jinja_env.globals["request_path"] = lambda: request.full_path.rstrip("?")
    app.jinja_env.filters["de"] = french.of  # {{ name | de }}: « d'EHPAD… », « de Maison… »
