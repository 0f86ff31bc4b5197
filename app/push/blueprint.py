"""The push blueprints: their view modules add their routes on import; create_app() registers them.

`bp` holds the signed-in user's devices (/push/…); `app_bp` what an installable
app needs at fixed addresses: the manifest, the service worker at the root scope
(/sw.js) and the offline page it keeps.
"""
from flask import Blueprint

from app.push import keys
from app.push.parsing import SERVICE_HOSTS

bp = Blueprint("push", __name__, url_prefix="/push")
app_bp = Blueprint("push_app", __name__)

SETTINGS = {
    "PUSH_TTL": 12 * 3600,  # how long a push service keeps a notification for a phone that is off
    "PUSH_TIMEOUT": 10,  # seconds to wait for a push service's answer
    "PUSH_SERVICE_HOSTS": SERVICE_HOSTS,  # the endpoints a browser may subscribe with
    "PUSH_ALLOW_LOOPBACK": False,  # tests: a push service of their own on http://127.0.0.1
}


@bp.record_once
def _configure(state):
    for name, value in SETTINGS.items():
        state.app.config.setdefault(name, value)
    keys.configure(state.app)
