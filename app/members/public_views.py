"""Anyone's members pages: the list of member establishments, the charter, joining."""
from flask import flash, redirect, render_template, url_for

from app.auth.signup import check_your_mail
from app.errors import DomainError, TooManyAttempts
from app.members import queries, services
from app.members.blueprint import bp
from app.members.forms import JoinForm
from app.security import client_address

ESTABLISHMENT_FIELDS = ("name", "kind", "siret", "finess", "address", "postcode",
                        "commune", "phone")
USER_FIELDS = ("email", "password", "first_name", "last_name")


@bp.route("/")
def index():
    return render_template("members/establishment_list.html",
                           establishments=queries.active_members())


@bp.route("/charter")
def charter():
    return render_template("members/charter.html")


@bp.route("/join", methods=["GET", "POST"])
def join():
    form = JoinForm()
    if form.validate_on_submit():
        data = form.data
        try:
            services.request_membership(
                {name: data[name] or None for name in ESTABLISHMENT_FIELDS},
                {name: data[name] for name in USER_FIELDS}, client_address())
        except TooManyAttempts as error:
            flash(str(error), "error")
            return render_template("members/join.html", form=form), 429
        except DomainError as error:
            form.siret.errors.append(str(error))
        else:
            flash(check_your_mail(form.email.data), "success")
            return redirect(url_for("main.index"))
    return render_template("members/join.html", form=form)
