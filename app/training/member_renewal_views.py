"""Training that renews credentials: the member's list of renewals due for its people, and
booking them seats in one step; "Formations pour vous" on the holder's wallet."""
from flask import flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import DomainError
from app.forms import show_error
from app.permissions import can_book_seats, require
from app.referentials import CREDENTIALS
from app.security import no_store
from app.training import renewals
from app.training.blueprint import bp
from app.training.forms import RenewalBookingForm


@bp.app_context_processor
def _for_you():
    """The wallet page (below training) shows the sessions that renew a credential due."""
    return {"training_for_you": renewals.for_you}


def _session_choice(session):
    return (session.id, _("%(title)s — %(day)s, %(organiser)s (%(credential)s, %(left)d "
                          "place(s) libre(s))", title=session.title,
                          day=format_date(session.starts_at, "short"),
                          organiser=session.organiser_name, credential=session.grants_label,
                          left=session.seats_left))


@bp.route("/renewals", methods=["GET", "POST"])
@no_store
@require(can_book_seats)
def renewals_due():
    rows = renewals.renewals_for(current_user.establishment_id)
    sessions = renewals.sessions_granting({kind for _person, due in rows for kind in due})
    form = RenewalBookingForm()
    form.session.choices = [(0, "—")] + [_session_choice(session) for session in sessions]
    if form.validate_on_submit():
        try:
            booking = renewals.book_for(current_user, form.session.data, form.attendees.data)
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("Places confirmées.") if booking.is_confirmed else
                  _("La session est complète : votre demande est sur la liste d'attente. "
                    "Vous serez prévenu(e) par e-mail si des places se libèrent."), "success")
            return redirect(url_for("training.my_bookings"))
    return render_template("training/renewal_list.html", rows=rows, sessions=sessions,
                           form=form, credential_labels=CREDENTIALS), 400 if form.errors else 200
