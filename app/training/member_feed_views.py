"""Private calendar feeds a calendar app subscribes to: the sessions, and the member's own
bookings, at a secret URL per user (app/feeds.py) that the user renews when it leaked."""
from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import feeds
from app.forms import ActionForm
from app.permissions import can_view_training, require
from app.security import no_store
from app.training import calendar, queries
from app.training.blueprint import bp

PURPOSE = "training"


def feed_urls(user):
    """{"sessions": url, "bookings": url} of the user's feed, or None before the first."""
    token = feeds.current(user, PURPOSE)
    if token is None:
        return None
    return {kind: url_for("training.feed_ics", token=token, kind=kind, _external=True)
            for kind in ("sessions", "bookings")}


@bp.route("/agenda/renew", methods=["POST"])
@no_store
@require(can_view_training)
def renew_feed():
    if not ActionForm().validate_on_submit():
        abort(400)
    feeds.renew(current_user, PURPOSE)
    flash(_("Nouvelle adresse d'agenda créée : une adresse donnée avant ne fonctionne plus."),
          "success")
    return redirect(url_for("training.my_feed"))


@bp.route("/agenda")
@no_store
@require(can_view_training)
def my_feed():
    return render_template("training/feed.html", urls=feed_urls(current_user),
                           form=ActionForm())


@bp.route("/agenda/<token>/<any(sessions, bookings):kind>.ics")
@no_store
def feed_ics(token, kind):
    user = feeds.owner_of(token, PURPOSE)
    if user is None or not can_view_training(user):  # renewed, or no longer a member
        abort(404)
    if kind == "sessions":
        body = calendar.calendar_of(queries.upcoming(), _("Formations GTEC du Bocage"))
    else:
        body = calendar.calendar_of(queries.booked_by(user.establishment_id),
                                    _("Nos formations réservées"))
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f"inline; filename=formations-{kind}.ics"})
