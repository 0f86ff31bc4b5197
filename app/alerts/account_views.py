"""Saved searches: save the current /search, list them, delete one after confirming."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.alerts import services
from app.alerts.blueprint import bp
from app.alerts.forms import ConfirmForm, SaveForm
from app.search_views.tabs import FACET_LABELS, TABS, facet_label


def posted_filters():
    """The facet values posted with the search, as the service will check them."""
    return {name: request.form.getlist(name) for name in FACET_LABELS
            if request.form.getlist(name)}


def back_to_search(kind, text, filters):
    """The search page the form came from, with its (bounded) query."""
    bounded = {name: [value[:100] for value in values[:5]] for name, values in filters.items()}
    return url_for("search_views.index", q=(text or "")[:300],
                   kind=kind if kind in TABS else None, **bounded)


@bp.route("/search/saved/new", methods=["POST"])
@login_required
def save():
    form = SaveForm()
    filters = posted_filters()
    back = back_to_search(form.kind.data, form.q.data, filters)
    if not form.validate_on_submit():
        name, messages = next(iter(form.errors.items()))
        flash(f"{form[name].label.text} : {messages[0]}", "error")
        return redirect(back)
    try:
        saved = services.save(current_user, form.kind.data, form.name.data, form.q.data,
                              filters)
    except services.SavedSearchError as error:
        flash(str(error), "error")
        return redirect(back)
    flash(_("Recherche « %(name)s » enregistrée : les nouveaux résultats vous seront "
            "envoyés chaque jour par courriel.", name=saved.name), "success")
    return redirect(url_for("alerts.index"))


@bp.route("/search/saved")
@login_required
def index():
    return render_template("alerts/saved_list.html", searches=services.of_user(current_user),
                           tabs=TABS, facet_names=FACET_LABELS, facet_label=facet_label,
                           limit=services.MAX_PER_USER)


@bp.route("/search/saved/<int:saved_id>/delete", methods=["GET", "POST"])
@login_required
def delete(saved_id):
    saved = services.owned(current_user, saved_id)
    if saved is None:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.delete(current_user, saved_id)
        except services.SavedSearchError as error:
            flash(str(error), "error")
        else:
            flash(_("Recherche enregistrée supprimée."), "success")
        return redirect(url_for("alerts.index"))
    return render_template("alerts/saved_delete.html", saved=saved, form=form)
