"""The CVs of the bank fitting a vacancy, for its employers."""
from flask import abort, render_template
from flask_login import current_user

from app.cv import matching
from app.cv.blueprint import bp
from app.extensions import db
from app.permissions import can_browse_cv_bank, can_match_profiles, can_view_vacancy, require
from app.pool.models import Vacancy


@bp.route("/matches/vacancy/<int:vacancy_id>")
@require(can_browse_cv_bank)
def matches(vacancy_id):
    vacancy = db.get_or_404(Vacancy, vacancy_id)
    if not can_view_vacancy(current_user, vacancy):
        abort(404)
    if not can_match_profiles(current_user, vacancy):
        abort(403)
    closed = matching.is_closed(vacancy)
    return render_template("cv/match_list.html", vacancy=vacancy, closed=closed,
                           matches=[] if closed else matching.profiles_for(vacancy))
