"""A person's credentials as a member who knows them (or staff) sees them: verify, open proofs."""
from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.models import User
from app.credentials import services
from app.credentials.blueprint import bp
from app.credentials.models import Credential
from app.errors import NotAllowed
from app.extensions import db
from app.forms import ActionForm
from app.permissions import can_open_proof, can_verify_credentials_of, require


def logged_in(view):
    """Anonymous visitors log in first, whatever the id."""
    return require(lambda user: True)(view)


@bp.route("/person/<int:user_id>")
@logged_in
def holder(user_id):
    person = db.session.get(User, user_id)
    if person is None or not can_verify_credentials_of(current_user, person):
        abort(404)
    return render_template("credentials/holder_detail.html", person=person, form=ActionForm(),
                           credentials=services.wallet_of(person))


@bp.route("/<int:credential_id>/verify", methods=["POST"])
@logged_in
def verify(credential_id):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        credential = services.verify(current_user, credential_id)
    except NotAllowed:
        abort(404)
    flash(_("Justificatif vérifié."), "success")
    return redirect(url_for("credentials.holder", user_id=credential.holder_id))


@bp.route("/<int:credential_id>/proof")
@logged_in
def proof(credential_id):
    credential = db.session.get(Credential, credential_id)
    if credential is None or credential.proof_file is None \
            or not can_open_proof(current_user, credential):
        abort(404)
    try:
        services.record_access(current_user, credential.id, "download")
    except NotAllowed:
        abort(404)
    source, size = services.open_proof(credential)
    response = send_file(source, mimetype="application/pdf", as_attachment=True,
                         download_name=f"justificatif-{credential.id}.pdf", max_age=0)
    response.content_length = size
    return response
