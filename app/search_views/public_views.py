"""GET /search?q=: one tab per kind the user may see."""
from flask import render_template, request
from flask_login import current_user

from app.search_views import finder
from app.search_views.blueprint import bp
from app.search_views.tabs import FACET_LABELS, facet_label, tabs_for


@bp.route("/search")
def index():
    tabs = tabs_for(current_user)
    tab = next((t for t in tabs if t.name == request.args.get("kind")), tabs[0])
    text = request.args.get("q", "")
    sort = request.args.get("sort", "relevance")
    answer = finder.find(tab, text, finder.read_filters(tab, request.args), sort,
                         request.args.get("page", 1, type=int))
    args = {key: request.args.getlist(key) for key in ("q", "kind", "sort", *tab.facets)
            if key in request.args}
    return render_template("search/results.html", tabs=tabs, tab=tab, q=text, sort=sort,
                           answer=answer, args=args, facet_names=FACET_LABELS,
                           facet_label=facet_label, toggled=toggled)


def toggled(args, name, value):
    """The query string with the facet value `name=value` switched on or off."""
    values = list(args.get(name, []))
    values = [v for v in values if v != value] if value in values else [*values, value]
    return {**args, name: values}
