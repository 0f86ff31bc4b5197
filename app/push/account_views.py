"""The signed-in user's devices: subscribe this browser, list them, remove one.

The browser posts its subscription as JSON (app/static/js/push.js), with the
page's CSRF token in the X-CSRFToken header; every refusal answers a French
message as JSON.
"""
from functools import wraps

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.forms import ActionForm
from app.permissions import can_manage_own_devices, require
from app.push import keys, parsing, services
from app.push.blueprint import bp


def json_login_required(view):
    """A JSON endpoint answers 401 with a message, not the login page's redirect."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return jsonify(error=_("Connectez-vous pour recevoir les alertes sur cet appareil.")), 401
        return view(*args, **kwargs)
    return wrapped


@bp.route("/devices")
@require(can_manage_own_devices)
def devices():
    return render_template("push/devices.html", devices=services.of_user(current_user.id),
                           public_key=keys.public_key())


@bp.route("/subscriptions", methods=["POST"])
@json_login_required
def subscribe():
    config = current_app.config
    try:
        subscription = parsing.parse(request.get_json(silent=True),
                                     config["PUSH_SERVICE_HOSTS"], config["PUSH_ALLOW_LOOPBACK"])
    except parsing.InvalidSubscription as error:
        return jsonify(error=str(error)), 400
    created = services.subscribe(current_user, subscription,
                                 parsing.device_label(request.headers.get("User-Agent")))
    return jsonify(message=_("Cet appareil recevra vos alertes.")), 201 if created else 200


@bp.route("/unsubscribe", methods=["POST"])
@json_login_required
def unsubscribe():
    data = request.get_json(silent=True)
    try:  # a NUL byte would reach PostgreSQL's comparison and fail there
        endpoint = parsing.endpoint_text(data.get("endpoint") if isinstance(data, dict) else None)
        services.unsubscribe(current_user, endpoint)
    except parsing.InvalidSubscription as error:
        return jsonify(error=str(error)), 400
    except services.SubscriptionGone as error:
        return jsonify(error=str(error)), 404
    return jsonify(message=_("Cet appareil ne recevra plus vos alertes."))


@bp.route("/devices/<int:subscription_id>/remove", methods=["GET", "POST"])
@require(can_manage_own_devices)
def remove(subscription_id):
    device = next((d for d in services.of_user(current_user.id) if d.id == subscription_id), None)
    if device is None:
        abort(404)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            services.remove(current_user, subscription_id)
        except services.SubscriptionGone as error:
            flash(str(error), "error")
        else:
            flash(_("Cet appareil ne recevra plus vos alertes."), "success")
        return redirect(url_for("push.devices"))
    return render_template("push/device_remove.html", device=device, form=form)
