"""A hire that marks the vacancy filled and a withdrawal of that vacancy, at once.

Two processes, on SQLite (BEGIN IMMEDIATE) and on PostgreSQL (row locks): the
vacancy ends either filled with the application hired (the withdrawal refused),
or withdrawn with the hire refused; never withdrawn and filled by turns, each
unit of work believing it won (a lost update).

The held case stops the hire once its rows are locked, until the withdrawal has
been tried: the withdrawal waits for the vacancy's lock and then finds the
vacancy filled. Without the lock on the vacancy, PostgreSQL lets the withdrawal
through and the hire then overwrites it (SQLite's single writer hides it).
"""
import multiprocessing

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.cv.models import Application
from app.extensions import db
from app.pool.models import Vacancy
from tests import factories
from tests.holds.workers import run_together

JOBS = "tests.holds.jobs"
FILLED, WITHDRAWN = ("filled", "hired"), ("withdrawn", "interview")


def _scene():
    lead = factories.establishment(name="EHPAD Les Tilleuls")
    recruiter, director = (factories.user("member", establishment=lead) for _ in range(2))
    vacancy = factories.vacancy(lead, status="published")
    application = factories.application(factories.cv_profile().user, vacancy,
                                        status="interview")
    db.session.commit()
    return recruiter, director, vacancy.id, application.id


def _outcome(vacancy_id, application_id):
    db.session.commit()  # read what the processes committed
    audited = dict(db.session.execute(
        select(AuditEvent.action, func.count()).where(
            AuditEvent.action.in_(["vacancy_fill", "vacancy_withdraw", "application_hire"]))
        .group_by(AuditEvent.action)).all())
    state = (db.session.get(Vacancy, vacancy_id).status,
             db.session.get(Application, application_id).status)
    return state, audited


def _consistent(state, audited, outcomes):
    errors = {job.rpartition(".")[2]: error for job, error in outcomes if error != "ok"}
    if state == FILLED:
        assert audited == {"vacancy_fill": 1, "application_hire": 1}
        assert list(errors) == ["withdraw"] and "Pourvue" in errors["withdraw"]
    else:
        assert state == WITHDRAWN, state
        assert audited == {"vacancy_withdraw": 1}
        assert list(errors) == ["hire_and_fill"] and "Retirée" in errors["hire_and_fill"]


@pytest.mark.parametrize("round_", range(3))
def test_a_hire_and_a_withdrawal_at_once_end_in_one_state(app, tmp_path, round_):
    recruiter, director, vacancy_id, application_id = _scene()
    outcomes = run_together(app.config["DATABASE_URL"], tmp_path, [
        [(f"{JOBS}.hire_and_fill", (recruiter.id, application_id))],
        [(f"{JOBS}.withdraw", (director.id, vacancy_id))],
    ])
    _consistent(*_outcome(vacancy_id, application_id), outcomes)


def test_a_withdrawal_waits_for_the_hire_holding_the_vacancy(app, tmp_path):
    recruiter, director, vacancy_id, application_id = _scene()
    context = multiprocessing.get_context("spawn")
    events = (context.Event(), context.Event(), context.Event())  # locked, tried, withdrawn
    outcomes = run_together(app.config["DATABASE_URL"], tmp_path, [
        [(f"{JOBS}.hire_and_fill_held", (recruiter.id, application_id, *events))],
        [(f"{JOBS}.withdraw_while_held", (director.id, vacancy_id, *events))],
    ])
    state, audited = _outcome(vacancy_id, application_id)
    assert state == FILLED, (state, audited, outcomes)
    _consistent(state, audited, [(job.replace("_while_held", "").replace("_held", ""), error)
                                 for job, error in outcomes])
