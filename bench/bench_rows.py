"""Put the benchmark corpus's vacancies in the bench database (DATABASE_URL).

Plain INSERTs, no session objects: the index is built from the same corpus
by search_bench.py, so the search hooks are not wanted here.
"""
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import insert  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.members.models import Establishment  # noqa: E402
from app.pool.models import Vacancy, VacancyEmployer  # noqa: E402
from app.timeutil import local_today  # noqa: E402
from search_bench import corpus  # noqa: E402


def rows(count):
    today = local_today()
    for kind, object_id, document in corpus(count):
        if kind == "vacancy":
            yield {"id": object_id, "establishment_id": 1 + object_id % 5,
                   "occupation": document["occupation"], "title": document["title"],
                   "description": document["body"], "contract_type": document["contract"],
                   "fte": 100, "works_day": True, "start_date": today, "postcode": "14500",
                   "commune": document["commune"], "status": "published",
                   "published_at": document["date"], "expires_on": today + timedelta(days=60)}


def main(count):
    with create_app().app_context():
        db.session.execute(insert(Establishment), [
            {"id": n, "name": f"EHPAD du Bocage {n}", "kind": "ehpad", "siret": None,
             "finess": f"14000000{n}", "address": "1 rue de la Gare", "postcode": "14500",
             "commune": "Vire Normandie", "status": "active"} for n in range(1, 6)])
        vacancies = list(rows(count))
        db.session.execute(insert(Vacancy), vacancies)
        db.session.execute(insert(VacancyEmployer), [
            {"vacancy_id": v["id"], "establishment_id": v["establishment_id"], "fte_share": 100}
            for v in vacancies])
        db.session.commit()


if __name__ == "__main__":
    main(int(sys.argv[1]))
