"""Pool tests: a request context for services, and a pool of vacancies to look at."""
from datetime import timedelta

import pytest

from app.timeutil import local_today, utcnow
from tests import factories


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


@pytest.fixture
def pool(establishment_a, establishment_b):
    """A few published vacancies, and some that must never show."""
    make = factories.vacancy
    return {
        "night_nurse": make(establishment_a, "published", title="Infirmier de nuit",
                            occupation="J1506", works_day=False, works_night=True),
        "carer": make(establishment_b, "published", title="Auxiliaire de vie",
                      occupation="K1302", contract_type="cdd", commune="Condé-en-Normandie",
                      postcode="14110", works_weekend=True,
                      published_at=utcnow() - timedelta(days=20)),
        "shared": make(establishment_a, "published", title="Aide-soignant partagé",
                       co_employers=[(establishment_b, 40, True)],
                       contract_type="shared_employment"),
        "draft": make(establishment_a, "draft", title="Brouillon caché"),
        "pending": make(establishment_a, "pending", title="En attente cachée"),
        "filled": make(establishment_a, "filled", title="Pourvue cachée"),
        "past": make(establishment_a, "published", title="Date passée cachée",
                     expires_on=local_today() - timedelta(days=1)),
    }


def page_as(client, auth, user, vacancy):
    """The vacancy's page as `user` sees it (logged out again afterwards)."""
    auth.login(user)
    try:
        return client.get(f"/pool/{vacancy.id}").text
    finally:
        auth.logout()


HIDDEN = ("Brouillon caché", "En attente cachée", "Pourvue cachée", "Date passée cachée")
