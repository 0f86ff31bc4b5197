"""Who may do what: named predicates, and the decorator that applies them.

Denials follow one rule everywhere: an anonymous visitor is sent to the login
page, a logged-in user without the right gets 403, and another
establishment's private object answers 404 (see the views).
"""
from functools import wraps

from flask import abort
from flask_login import current_user

from app.errors import NotAllowed
from app.extensions import login_manager
from app.timeutil import utcnow


def check_allowed(allowed, message=None):
    """Refuse with NotAllowed when a right re-checked under a unit of work's lock is gone."""
    if not allowed:
        raise NotAllowed(message)


def _acts(user):
    """Signed in with an account that is not disabled: a user disabled since the page
    was shown (re-read under a lock) has no right left."""
    return user.is_authenticated and user.is_active


def is_candidate(user):
    """A job seeker's account."""
    return _acts(user) and user.role == "candidate"


def is_staff(user):
    """The association's own staff."""
    return _acts(user) and user.role == "staff"


def is_member(user):
    """A user of an establishment, whatever its membership status."""
    return _acts(user) and user.role == "member"


def is_active_member(user):
    """A user of an establishment that staff approved and did not suspend."""
    return is_member(user) and user.establishment.is_active


def can_invite_users(user):
    """Users of an active establishment invite their colleagues."""
    return is_active_member(user)


def can_moderate(user):
    """Approving establishments and, later, every published item."""
    return is_staff(user)


def can_draft_vacancy(user):
    """Users of an active establishment put vacancies in the pool."""
    return is_active_member(user)


def is_vacancy_employer(user, vacancy):
    """A member of one of the establishments that employ through `vacancy`."""
    return is_member(user) and user.establishment_id in vacancy.employer_ids


def can_view_vacancy(user, vacancy):
    """Everyone sees a public vacancy; its employers and staff see it in any state."""
    return vacancy.is_public or is_staff(user) or is_vacancy_employer(user, vacancy)


def can_edit_vacancy(user, vacancy):
    """The publishing establishment's active members, and staff: a co-employer answers
    for its own share (confirms it) but does not rewrite the other employer's offer."""
    return is_staff(user) or (is_active_member(user)
                              and user.establishment_id == vacancy.establishment_id)


def can_fill_vacancy(user, vacancy):
    """Active members of any employing establishment, and staff: whoever hired says so."""
    return is_staff(user) or (is_active_member(user) and is_vacancy_employer(user, vacancy))


def can_withdraw_vacancy(user, vacancy):
    """The publishing establishment's active members, and staff: a co-employer does not
    take the whole job off the pool (the lead removes it from the shares instead)."""
    return is_staff(user) or (is_active_member(user)
                              and user.establishment_id == vacancy.establishment_id)


def can_confirm_share(user, vacancy):
    """A co-employer confirms its own, still unconfirmed, share of a shared position."""
    return is_active_member(user) and any(
        share.establishment_id == user.establishment_id for share in vacancy.unconfirmed_shares)


def can_manage_own_cv(user):
    """A candidate keeps their own profile and CV."""
    return is_candidate(user)


def can_browse_cv_bank(user):
    """Active members search the bank; staff check it."""
    return is_active_member(user) or is_staff(user)


def can_match_profiles(user, vacancy):
    """Active members of an employing establishment see the bank's CVs fitting a vacancy."""
    return is_active_member(user) and is_vacancy_employer(user, vacancy)


def can_share_cv(user):
    """An active member shares a CV it received into the bank."""
    return is_active_member(user)


def can_view_cv(user, profile):
    """The owner, staff, and active members for a profile in the bank, shared by their
    establishment, or sent with an application they reach (can_reach_applicant)."""
    if not _acts(user):
        return False
    if profile.user_id is not None and profile.user_id == user.id or is_staff(user):
        return True
    return is_active_member(user) and (
        profile.in_bank or profile.shared_by_establishment_id == user.establishment_id
        or any(can_reach_applicant(user, application) for application in profile.applications))


def can_contact_candidate(user, profile):
    """Members write to candidates whose CV they may see (not through a pending share)."""
    return is_active_member(user) and can_view_cv(user, profile) and not profile.awaiting_consent


def can_apply(user):
    """Candidates apply to vacancies."""
    return is_candidate(user)


def can_reach_applicant(user, application):
    """Who reaches an application and its candidate (the list, the profile, the PDF, the
    mails): staff, and active members of an establishment that was already a confirmed
    employer of the vacancy when the candidate applied. A co-employer that has not
    confirmed yet, or joined afterwards, was not among the employers the candidate chose."""
    if is_staff(user):
        return True
    if not is_active_member(user):
        return False
    since = application.vacancy.employer_since(user.establishment_id)
    return since is not None and since <= application.created_at


def can_view_applications(user, vacancy):
    """The applications page: staff, and active members of a confirmed employer (each
    sees there only the applications it reaches)."""
    return is_staff(user) or (
        is_active_member(user) and vacancy.employer_since(user.establishment_id) is not None)


def can_handle_application(user, application):
    """The employers who reach an application move it on; staff only read it."""
    return not is_staff(user) and can_reach_applicant(user, application)


def can_change_password(user):
    """Every logged-in account keeps its own password."""
    return _acts(user)


def can_manage_own_devices(user):
    """Every logged-in account chooses which of its browsers get its notifications."""
    return user.is_authenticated


def can_view_training(user):
    """Members of an active establishment and staff see the training pages and calendars;
    candidates, visitors and establishments still pending (or suspended) do not."""
    return is_active_member(user) or is_staff(user)


def can_publish_training(user):
    """Active members offer sessions; staff offer the association's own."""
    return is_active_member(user) or is_staff(user)


def can_book_seats(user):
    """Members of an active establishment book seats for their employees."""
    return is_active_member(user)


def can_manage_training(user, session):
    """The organising establishment's users and staff manage a session."""
    return is_staff(user) or (is_member(user) and session.organiser_id is not None
                              and user.establishment_id == session.organiser_id)


def can_see_training(user, session):
    """A published (or cancelled: its bookers follow their links) session is seen by those
    who see the training pages; a pending one by its managers only."""
    return can_manage_training(user, session) or (
        (session.is_published or session.is_cancelled) and can_view_training(user))


def can_change_training(user, session):
    """Its managers edit or cancel a session until it starts (checked again under the lock
    by app.training.organising)."""
    return (can_manage_training(user, session) and session.is_editable
            and session.starts_at > utcnow())


def can_cancel_booking(user, booking):
    """A member cancels the bookings of its own establishment only."""
    return is_member(user) and user.establishment_id == booking.establishment_id


# Replacements (app/replacements/).

def can_join_pool(user):
    """A candidate account joins the replacement pool (an employee a member invited has one)."""
    return is_candidate(user)


def can_take_missions(user):
    """A professional whose pool profile was checked sees and takes missions."""
    profile = getattr(user, "replacement_profile", None)
    return is_candidate(user) and profile is not None and profile.is_checked


def can_check_pool_profiles(user):
    """Staff and active members check the pool profiles before they are alerted."""
    return is_staff(user) or is_active_member(user)


def can_post_mission(user):
    """Only active members post missions."""
    return is_active_member(user)


def can_manage_mission(user, mission):
    """Only the posting establishment's users manage a mission (staff see them all)."""
    return is_active_member(user) and user.establishment_id == mission.establishment_id


def can_see_mission(user, mission):
    """The posting establishment and staff see a mission; so does a professional it was
    alerted to or who holds it (another establishment's mission answers 404)."""
    if is_staff(user) or can_manage_mission(user, mission):
        return True
    profile = getattr(user, "replacement_profile", None)
    return can_take_missions(user) and mission.concerns(profile)


def can_read_missions(user):
    """The member's mission pages: active members (their own missions) and staff (all)."""
    return can_post_mission(user) or is_staff(user)


# r-mine:
def can_see_own_missions(user):
    """A candidate account sees its own missions and calendar feed ("Mes missions");
    a profile sent back for checking, paused or suspended keeps its history."""
    return is_candidate(user)


# r-pro:
def can_invite_to_pool(user):
    """An active member invites its employees into the pool."""
    return is_active_member(user)


def can_suspend_pool_profile(user):
    """Only staff suspend a pool profile."""
    return is_staff(user)


def can_check_pool_profile(user, profile):
    """Staff check any pool profile; an active member those it invited or that say they
    already work for it (it knows them); another's answers 404."""
    if is_staff(user):
        return True
    return can_check_pool_profiles(user) and (
        profile.invited_by_id == user.establishment_id
        or user.establishment_id in {row.establishment_id for row in profile.employers})


def require(predicate):
    """Decorate a view: log in first, then `predicate(current_user)` or 403."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not predicate(current_user):
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


# The credentials wallet (app/credentials/).

def can_keep_credentials(user):
    """A candidate account (a pool professional has one) keeps its own credentials."""
    return is_candidate(user)


def can_verify_credentials_of(user, holder):
    """Staff verify anyone's credentials; an active member those of the pool people it
    invited or who say they work for it (another's answers 404)."""
    if is_staff(user):
        return True
    profile = getattr(holder, "replacement_profile", None)
    return profile is not None and can_check_pool_profile(user, profile)


def can_open_proof(user, credential):
    """The holder and those who may verify the credential open its proof."""
    return (_acts(user) and user.id == credential.holder_id) or \
        can_verify_credentials_of(user, credential.holder)
