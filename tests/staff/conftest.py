"""One waiting item of every kind, each submitted at a known time."""
from datetime import timedelta

import pytest

from app.extensions import db
from app.timeutil import utcnow
from tests import factories


def waiting_items(establishment_a, member_a, hours_ago=(72, 30, 10, 1),
                  requester_email="direction@val.example.org"):
    """A pending establishment, vacancy, CV profile and training session, oldest first."""
    now = utcnow()
    ago = [now - timedelta(hours=h) for h in hours_ago]
    joining = factories.establishment(name="EHPAD du Val", status="pending", created_at=ago[0])
    requester = factories.user("member", establishment=joining,
                               **({"email": requester_email} if requester_email else {}))
    vacancy = factories.vacancy(establishment_a, status="pending", author=member_a,
                                title="Infirmier(e) de nuit")
    vacancy.updated_at = ago[1]
    profile = factories.cv_profile(in_bank=False, moderation="pending", visibility="members",
                                   consent_at=now, consent_version="2026-01",
                                   last_contact_at=ago[2], headline="Aide-soignante, DEAS")
    session = factories.training_session(organiser=establishment_a, created_by=member_a,
                                         status="pending", published_at=None, created_at=ago[3],
                                         title="Simulateur de vieillissement")
    db.session.commit()
    return {"establishment": joining, "requester": requester, "vacancy": vacancy,
            "profile": profile, "training": session}


@pytest.fixture
def waiting(establishment_a, member_a):
    return waiting_items(establishment_a, member_a)
