"""The demo data fills the pool with published vacancies, once."""
from app.extensions import db
from app.pool.models import Vacancy


def test_seed_demo_publishes_vacancies_once(runner, client):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    published = db.session.scalars(db.select(Vacancy).where(Vacancy.status == "published")).all()
    assert len({v.occupation for v in published}) >= 6
    assert len({v.establishment_id for v in published}) >= 5
    assert any(v.is_shared and not v.unconfirmed_shares for v in published)
    total = db.session.scalar(db.select(db.func.count(Vacancy.id)))
    assert "0 élément(s) ajouté(s)" in runner.invoke(args=["seed-demo"]).output
    assert db.session.scalar(db.select(db.func.count(Vacancy.id))) == total
    assert client.get("/api/v1/vacancies").get_json()["total"] == len(published)
