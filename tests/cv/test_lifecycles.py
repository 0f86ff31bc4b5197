"""The CV bank's lifecycles through the one helper (app/states.py): every state × action,
the refusals in French, and what the model and the database derive from them."""
import re

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from app.cv import applications, services
from app.cv.lifecycle import APPLICATION, MODERATION, VISIBILITY
from app.cv.models import Application, CandidateProfile
from app.errors import InvalidTransition
from app.extensions import db
from tests import factories

# Written out here, not read from the declaration: a changed table must fail a test.
APPLICATION_MOVES = {
    "contact": ({"received"}, "contacted"),
    "interview": ({"received", "contacted"}, "interview"),
    "hire": ({"contacted", "interview"}, "hired"),
    "decline": ({"received", "contacted", "interview"}, "declined"),
}
MODERATION_MOVES = {
    "approve": ({"pending"}, "approved"),
    "reject": ({"pending"}, "rejected"),
    "recheck": ({"pending", "approved", "rejected"}, "pending"),
}
APPLICATION_LABELS = {"received": "Reçue", "contacted": "Candidat contacté",
                      "interview": "Entretien", "hired": "Recruté(e)", "declined": "Non retenue"}
MODERATION_LABELS = {"pending": "En attente de vérification", "approved": "Vérifié",
                     "rejected": "Refusé"}


@pytest.fixture
def vacancy(establishment_a):
    return factories.vacancy(establishment_a, status="published")


def _application(candidate, vacancy, state):
    reason = "other" if state == "declined" else None
    return factories.application(candidate, vacancy, status=state, decline_reason=reason)


def _grid(moves, states):
    return [(action, state) for action in moves for state in states]


@pytest.mark.parametrize("action, state", _grid(APPLICATION_MOVES, APPLICATION_LABELS))
def test_an_employer_moves_an_application_only_from_the_allowed_states(
        app, candidate, member_a, vacancy, action, state):
    application = _application(candidate, vacancy, state)
    sources, target = APPLICATION_MOVES[action]
    assert APPLICATION.can(application, action, member_a) == (state in sources)
    if state in sources:
        APPLICATION.apply(application, action, member_a, reason="availability")
        assert application.status == target
        assert application.is_open == (target in {"received", "contacted", "interview"})
    else:
        label = APPLICATION_LABELS[state]
        with pytest.raises(InvalidTransition, match=re.escape(f"la candidature est « {label} »")):
            APPLICATION.apply(application, action, member_a, reason="availability")
        assert application.status == state


@pytest.mark.parametrize("who", ["member_b", "staff", "candidate"])
def test_only_the_employers_who_reach_it_move_an_application(
        request, candidate, member_a, vacancy, who):
    application = factories.application(candidate, vacancy)
    actor = request.getfixturevalue(who)
    assert APPLICATION.actions(application, actor) == []
    assert APPLICATION.actions(application, member_a) == ["contact", "interview", "decline"]
    with pytest.raises(InvalidTransition, match="ne reçoit pas cette candidature"):
        APPLICATION.apply(application, "contact", actor)
    assert application.status == "received"


@pytest.mark.parametrize("reason", [None, "", "not_a_reason"])
def test_a_decline_needs_a_coded_reason(app, candidate, member_a, vacancy, reason):
    application_id = factories.application(candidate, vacancy).id
    with pytest.raises(InvalidTransition, match="Choisissez le motif"):
        applications.move(member_a, application_id, "decline", reason=reason)
    assert db.session.get(Application, application_id).status == "received"
    declined = applications.move(member_a, application_id, "decline", reason="diploma_missing")
    assert (declined.status, declined.decline_reason) == ("declined", "diploma_missing")


def _profile(moderation="pending", **fields):
    return factories.cv_profile(moderation=moderation, **fields)


@pytest.mark.parametrize("action, state", _grid(MODERATION_MOVES, MODERATION_LABELS))
def test_staff_decide_a_profile_only_while_it_is_pending(app, staff, action, state):
    profile = _profile(state)
    sources, target = MODERATION_MOVES[action]
    assert MODERATION.can(profile, action, staff) == (state in sources)
    details = {"reason": "incomplete", "comment": "Non."} if action == "reject" else {}
    if state in sources:
        MODERATION.apply(profile, action, staff, **details)
        assert profile.moderation == target
        assert profile.awaits_moderation == (target == "pending")
    else:
        with pytest.raises(InvalidTransition,
                           match=re.escape(f"déjà été vérifié (« {MODERATION_LABELS[state]} »)")):
            MODERATION.apply(profile, action, staff, **details)
        assert profile.moderation == state


def test_a_decision_is_dated_and_a_recheck_clears_it(app, staff):
    profile = _profile()
    MODERATION.apply(profile, "reject", staff, reason="incomplete", comment="Le CV manque.")
    assert profile.moderated_at is not None and profile.rejection_label == "Profil incomplet"
    MODERATION.apply(profile, "recheck", profile.user)
    assert (profile.moderated_at, profile.rejection_reason, profile.rejection_comment) == (
        None, None, None)
    MODERATION.apply(profile, "approve", staff)
    assert profile.moderated_at is not None and profile.rejection_reason is None


@pytest.mark.parametrize("who", ["member_a", "candidate"])
def test_only_staff_decide_a_profile(app, request, who):
    profile = _profile()
    actor = request.getfixturevalue(who)
    for action, details in (("approve", {}), ("reject", {"reason": "incomplete"})):
        assert not MODERATION.can(profile, action, actor)
        with pytest.raises(InvalidTransition, match="Seule l'équipe de l'association"):
            MODERATION.apply(profile, action, actor, **details)
    assert profile.moderation == "pending"


def test_a_rejection_needs_a_coded_reason(app, staff):
    profile_id = _profile().id
    with pytest.raises(InvalidTransition, match="Choisissez un motif de refus"):
        services.moderate(staff, profile_id, "reject", reason="because")
    assert db.session.get(CandidateProfile, profile_id).moderation == "pending"


@pytest.mark.parametrize("state", ["hidden", "members"])
def test_a_profile_is_shown_with_a_cv_and_a_consent_and_hidden_in_one_click(app, state):
    profile = _profile("approved", in_bank=state == "members")
    VISIBILITY.apply(profile, "show")
    assert profile.is_shown and profile.consent_version and profile.in_bank
    VISIBILITY.apply(profile, "hide")
    assert not profile.is_shown and not profile.in_bank
    VISIBILITY.apply(profile, "hide")  # a second click is no error
    assert profile.visibility_label == "Masqué"


def test_a_profile_without_a_cv_is_not_shown(app):
    profile = _profile(in_bank=False, with_file=False)
    assert not VISIBILITY.can(profile, "show")
    with pytest.raises(InvalidTransition, match="Déposez d'abord votre CV"):
        VISIBILITY.apply(profile, "show")
    assert profile.visibility == "hidden" and profile.consent_at is None


def test_the_bank_filter_in_sql_is_the_property_in_python(app, member_a):
    profiles = [_profile(moderation, in_bank=shown, **share)
                for moderation in MODERATION_LABELS for shown in (True, False)
                for share in ({}, {"share_status": "awaiting", "owner": None,
                                   "contact_email": "x@example.org",
                                   "shared_by_establishment_id": member_a.establishment_id})]
    in_sql = set(db.session.scalars(select(CandidateProfile.id).where(CandidateProfile.in_bank)))
    assert in_sql == {profile.id for profile in profiles if profile.in_bank}
    assert len(in_sql) == 1  # shown, approved, not awaiting its candidate's consent


def test_the_open_applications_filter_in_sql(app, candidate, vacancy):
    others = [factories.user("candidate") for _ in APPLICATION_LABELS]
    for person, state in zip(others, APPLICATION_LABELS):
        _application(person, vacancy, state)
    found = db.session.scalars(select(Application.status).where(Application.is_open)).all()
    assert sorted(found) == ["contacted", "interview", "received"]


@pytest.mark.parametrize("table, column, name", [
    ("application", "status", "status"),
    ("candidate_profile", "moderation", "moderation"),
    ("candidate_profile", "visibility", "visibility"),
])
def test_the_database_refuses_a_state_no_lifecycle_declares(app, candidate, vacancy, table,
                                                            column, name):
    factories.application(candidate, vacancy)
    _profile()
    lifecycle = {"status": APPLICATION, "moderation": MODERATION, "visibility": VISIBILITY}[column]
    [constraint] = [c for c in {"application": Application,
                                "candidate_profile": CandidateProfile}[table].__table__.constraints
                    if c.name == f"ck_{table}_{name}"]  # the name the migrations gave it
    assert str(constraint.sqltext) == str(lifecycle.check().sqltext)
    with pytest.raises(IntegrityError):
        db.session.execute(text(f"UPDATE {table} SET {column} = 'limbo'"))  # nosec B608
        db.session.flush()
    db.session.rollback()
