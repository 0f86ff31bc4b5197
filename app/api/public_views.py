"""/api/v1: published vacancies, with the filters and pagination of /pool/."""
from flask import abort, request, url_for

from app.api.blueprint import bp
from app.extensions import db
from app.pool import export, queries
from app.pool.forms import FilterForm
from app.pool.models import Vacancy

MAX_PER_PAGE = 100


@bp.route("/")
def index():
    return {"name": "GTEC du Bocage", "version": 1, "endpoints": {
        "vacancies": url_for("api.vacancies", _external=True),
        "vacancy": url_for("api.vacancies", _external=True) + "/{id}",
        "feed": url_for("pool.feed", _external=True)}}


@bp.route("/vacancies")
def vacancies():
    form = FilterForm(formdata=request.args)
    if not form.validate():
        return {"error": "Filtre invalide", "fields": form.errors}, 400
    per_page = min(max(request.args.get("per_page", queries.PER_PAGE, int), 1), MAX_PER_PAGE)
    page = queries.paginate(queries.filtered(form.filters()),
                            request.args.get("page", 1, int), per_page)
    return {"page": page.page, "per_page": page.per_page, "total": page.total,
            "pages": page.pages, "items": [export.to_api(item) for item in page.items]}


@bp.route("/vacancies/<int:vacancy_id>")
def vacancy(vacancy_id):
    item = db.session.get(Vacancy, vacancy_id)
    if item is None or not item.is_public:
        abort(404)
    return export.to_api(item)
