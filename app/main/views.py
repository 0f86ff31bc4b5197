"""Home page, language choice and the health check."""
import os
from pathlib import Path

from flask import current_app, jsonify, redirect, render_template, request, session, url_for
from sqlalchemy import text

from app import search
from app.extensions import db
from app.main import bp
from app.security import safe_next


@bp.route("/")
def index():
    return render_template("main/index.html")


@bp.route("/lang/<any(fr, en):code>")
def language(code):
    session["lang"] = code
    return redirect(safe_next(request.args.get("next")) or url_for("main.index"))


def _database_state():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # reported in the JSON, not raised
        db.session.rollback()
        return f"{type(error).__name__}"
    return "ok"


def _uploads_state():
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    if not folder.is_dir():
        return "missing"
    return "ok" if os.access(folder, os.W_OK) else "not writable"


@bp.route("/healthz")
def healthz():
    checks = {"database": _database_state(), "uploads": _uploads_state(),
              "search": search.health(current_app.config["SEARCH_INDEX"])}
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "error", "checks": checks}
    return jsonify(body), 200 if healthy else 503
