"""The lead withdraws a vacancy while a co-employer marks it filled, in two processes at
once: one wins, the other is refused with the state it found, and the vacancy ends in one
consistent state with one audit event."""
from flask import current_app
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.pool.models import Vacancy
from tests import factories
from tests.holds.workers import run_together


def close_as(user_id, vacancy_id, transition):
    """In a child process: `services.close` as the user `user_id`."""
    from app.auth.models import User
    from app.pool import services
    with current_app.test_request_context():
        services.close(db.session.get(User, user_id), vacancy_id, transition)


def test_fill_and_withdraw_at_once_end_in_one_state(app, tmp_path, establishment_a,
                                                    establishment_b, member_a, member_b):
    vacancy = factories.vacancy(establishment_a, "published",
                                co_employers=[(establishment_b, 40, True)])
    vacancy_id, lead_id, partner_id = vacancy.id, member_a.id, member_b.id
    db.session.commit()  # end this test's read transaction before the children write
    target = "tests.pool.test_race.close_as"
    outcomes = run_together(app.config["DATABASE_URL"], tmp_path, [
        [(target, (lead_id, vacancy_id, "withdraw"))],
        [(target, (partner_id, vacancy_id, "fill"))]])

    results = [outcome for _target, outcome in outcomes]
    assert results.count("ok") == 1, results
    (refusal,) = [outcome for outcome in results if outcome != "ok"]
    assert "InvalidTransition" in refusal and "Action impossible : l'offre est" in refusal
    db.session.expire_all()
    status = db.session.get(Vacancy, vacancy_id).status
    assert status in ("filled", "withdrawn")
    assert ("Retirée" if status == "withdrawn" else "Pourvue") in refusal
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.action.in_(["vacancy_fill", "vacancy_withdraw"]))).all()
    assert actions == [{"filled": "vacancy_fill", "withdrawn": "vacancy_withdraw"}[status]]
