"""The two-tap link of an alert (mail, push, SMS): open the mission, then accept.

The token is the link's secret: opening it records `opened_at` (the person,
or anyone holding the link before logging in); taking the mission needs the
login of the alerted person, and one more tap. Another account gets 404:
the link is not theirs.
"""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import DomainError
from app.forms import ActionForm
from app.permissions import can_take_missions
from app.replacements import alerts, booking
from app.replacements.blueprint import bp
from app.security import no_store


def load_alert(token):
    """The alert of the link, 404 when unknown or sent to another account."""
    alert = alerts.find(token)
    if alert is None:
        abort(404)
    if current_user.is_authenticated and alert.profile.user_id != current_user.id:
        abort(404)
    return alert


@bp.get("/a/<token>")
@no_store
def alert_open(token):
    load_alert(token)
    alert = alerts.mark_opened(token)
    return render_template("replacements/alert_open.html", alert=alert,
                           mission=alert.mission, form=ActionForm())


def _answer(token, act, done):
    """The second tap: log in first (back to the link), the right, the service, a flash."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=url_for(".alert_open", token=token)))
    load_alert(token)
    if not can_take_missions(current_user):
        abort(403)
    if ActionForm().validate_on_submit():
        try:
            flash(done(act(current_user, token)), "success")
        except DomainError as error:
            flash(str(error), "error")
    return redirect(url_for(".alert_open", token=token))


TAKEN = {"accepted": lambda: _("C'est noté : la mission est à vous. L'établissement est prévenu."),
         "applied": lambda: _("C'est noté : l'établissement est prévenu et vous confirme sa "
                              "décision.")}


def take(actor, token):
    """Accept ("premier qui accepte") or apply ("je valide"): booking re-checks the right
    and the rules under its locks, records the alert's answer, or refuses in French."""
    alert = alerts.find(token)
    if alert.mission.mode == "first":
        booking.accept(actor, alert.mission_id)
        return "accepted"
    booking.apply(actor, alert.mission_id)
    return "applied"


@bp.post("/a/<token>/take")
@no_store
def alert_take(token):
    return _answer(token, take, lambda given: TAKEN[given]())


@bp.post("/a/<token>/decline")
@no_store
def alert_decline(token):
    return _answer(token, lambda actor, token: alerts.answer(token, "declined"),
                   lambda alert: _("C'est noté : vous ne prenez pas cette mission."))
