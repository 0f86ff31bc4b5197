"""The holder's wallet: list, add, edit, delete credentials, and who opened a proof."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.credentials import services
from app.credentials.blueprint import bp
from app.credentials.forms import CredentialForm
from app.credentials.models import Credential
from app.pdf_check import status_of
from app.errors import DomainError, NotAllowed
from app.extensions import db
from app.forms import ActionForm
from app.permissions import can_keep_credentials, require


def load_own(credential_id):
    """One of the current user's credentials; 404 for anyone else's."""
    credential = db.session.get(Credential, credential_id)
    if credential is None or credential.holder_id != current_user.id:
        abort(404)
    return credential


@bp.route("/")
@require(can_keep_credentials)
def mine():
    return render_template("credentials/credential_list.html",
                           credentials=services.wallet_of(current_user))


def _saved(form, credential_id=None):
    """Check the proof, then save; a refused file is a message at its field."""
    values = {name: form[name].data for name in services.FIELDS}
    try:
        proof = services.accept_proof(form.proof.data)
        services.save(current_user, values, proof, credential_id)
    except NotAllowed:
        abort(404)
    except DomainError as error:
        form.proof.errors.append(str(error))
        return status_of(error)
    return None


def _form_page(form, credential=None):
    status = 200
    if form.validate_on_submit():
        status = _saved(form, credential.id if credential else None)
        if status is None:
            flash(_("Justificatif enregistré : il est à vérifier."), "success")
            return redirect(url_for("credentials.mine"))
    elif form.errors:
        status = 400
    return render_template("credentials/credential_form.html", form=form,
                           credential=credential), status


@bp.route("/new", methods=["GET", "POST"])
@require(can_keep_credentials)
def new():
    return _form_page(CredentialForm())


@bp.route("/<int:credential_id>/edit", methods=["GET", "POST"])
@require(can_keep_credentials)
def edit(credential_id):
    credential = load_own(credential_id)
    return _form_page(CredentialForm(obj=credential), credential)


@bp.route("/<int:credential_id>/delete", methods=["GET", "POST"])
@require(can_keep_credentials)
def delete(credential_id):
    credential = load_own(credential_id)
    form = ActionForm()
    if form.validate_on_submit():
        services.delete(current_user, credential.id)
        flash(_("Justificatif supprimé."), "success")
        return redirect(url_for("credentials.mine"))
    return render_template("credentials/credential_delete.html", form=form,
                           credential=credential)
