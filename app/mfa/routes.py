"""The second-factor blueprints with their routes and commands, for create_app()."""
from app.mfa import bp, cli, passkey_views, staff_bp, staff_views, views  # noqa: F401

BLUEPRINTS = (bp, staff_bp)
