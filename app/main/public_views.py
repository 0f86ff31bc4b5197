"""Home page, language choice and the health check."""
from pathlib import Path

from flask import (current_app, jsonify, redirect, render_template, request,
                   send_from_directory, session, url_for)
from sqlalchemy import make_url

from app import search
from app.main import health
from app.main.blueprint import bp
from app.security import LANGUAGE, safe_next


@bp.route("/")
def index():
    return render_template("main/index.html")


@bp.route("/favicon.ico")
def favicon():
    """Browsers and bookmark tools ask the root for it whatever the page says."""
    return send_from_directory(current_app.static_folder, "favicon.ico",
                               mimetype="image/vnd.microsoft.icon", max_age=7 * 24 * 3600)


@bp.route("/lang/<any(fr, en):code>")
def language(code):
    session[LANGUAGE] = code
    return redirect(safe_next(request.args.get("next")) or url_for("main.index"))


def health_checks(config):
    """The named checks of /healthz, each "ok" or what is wrong (app/main/health.py)."""
    checks = [
        ("database", health.database),
        ("database_writable", health.database_writable),
        ("uploads", health.uploads),
        ("disk_instance", health.free_space(current_app.instance_path)),
        ("disk_uploads", health.free_space(config["UPLOAD_FOLDER"])),
        ("disk_index", health.free_space(config["SEARCH_INDEX"])),
        ("search", search.health),
        ("index_backlog", health.index_backlog),
        ("task_backlog", health.task_backlog),
    ]
    url = make_url(config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        checks.append(("disk_database", health.free_space(Path(url.database).parent)))
    return checks


@bp.route("/healthz")
def healthz():
    checks = health.run(health_checks(current_app.config))
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "error", "checks": checks,
            "oldest_task_age": health.run([("age", health.task_age)])["age"]}
    return jsonify(body), 200 if healthy else 503
