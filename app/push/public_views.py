"""What makes the site an installable app: the manifest, the service worker, the offline page."""
from flask import current_app, jsonify, render_template, send_from_directory, url_for
from flask_babel import gettext as _

from app.push.blueprint import app_bp

THEME_COLOUR = "#0b6e4f"  # --brand in app/static/css/app.css (tests/push check they agree)
BACKGROUND = "#f7f9fb"  # --bg


@app_bp.route("/manifest.webmanifest")
def manifest():
    icons = [{"src": url_for("static", filename=f"icons/icon-{size}.png"),
              "sizes": f"{size}x{size}", "type": "image/png", "purpose": purpose}
             for size in (192, 512) for purpose in ("any", "maskable")]
    response = jsonify(name=_("GTEC du Bocage — Emploi santé"), short_name=_("GTEC Bocage"),
                       description=_("Offres, remplacements, CV et formations des employeurs du sanitaire, social et médico-social du Bocage."),
                       lang="fr", start_url="/", scope="/", display="standalone",
                       theme_color=THEME_COLOUR, background_color=BACKGROUND, icons=icons)
    response.mimetype = "application/manifest+json"
    return response


@app_bp.route("/sw.js")
def service_worker():
    """Served from the root, so that it may control every page of the site."""
    response = send_from_directory(current_app.static_folder, "sw.js", mimetype="text/javascript",
                                   max_age=0)
    response.headers["Cache-Control"] = "no-cache"  # a new version is found at the next visit
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@app_bp.route("/offline")
def offline():
    """The page the service worker shows when the network is gone: the same for everyone."""
    return render_template("push/offline.html")
