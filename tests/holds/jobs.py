"""Units of work the concurrency tests run in child processes, by ids only."""
from app.auth.models import User
from app.extensions import db


def _user(user_id):
    user = db.session.get(User, user_id)
    db.session.commit()  # the service starts its own write unit of work
    return user


def apply(candidate_id, vacancy_id):
    from app.cv import applications
    applications.submit(_user(candidate_id), vacancy_id, "Disponible tout de suite.")


def book(member_id, session_id, name):
    from app.training import seats
    seats.book(_user(member_id), session_id, [(name, "J1501")])


def confirm_share(member_id, vacancy_id):
    from app.pool import services
    services.confirm_share(_user(member_id), vacancy_id)


def edit(member_id, vacancy_id, title):
    from app.pool import services
    actor = _user(member_id)
    shares = [{"establishment_id": actor.establishment_id, "fte_share": 100, "days": None}]
    services.update(actor, vacancy_id, {"title": title, "fte": 100}, shares)


def replace_cv(candidate_id):
    from werkzeug.datastructures import FileStorage
    from app.cv import services
    from tests.factories import pdf_bytes
    import io
    services.upload_cv(_user(candidate_id), FileStorage(io.BytesIO(pdf_bytes()), "cv.pdf"))


def hire_and_fill(member_id, application_id):
    from app.cv import applications
    applications.move(_user(member_id), application_id, "hire", fill_vacancy=True)


def withdraw(member_id, vacancy_id):
    from app.pool import services
    services.close(_user(member_id), vacancy_id, "withdraw")


HOLD = 20  # seconds a held job waits at most for the other process


def hire_and_fill_held(member_id, application_id, locked, tried, withdrawn):
    """Hire and fill, stopping once the rows are locked and the right checked (the vacancy
    read) until the other process has tried to withdraw the vacancy, and for up to 3 s
    more while its withdrawal may go through."""
    from app.cv import applications
    real, calls = applications.can_handle_application, []

    def held(user, application):
        allowed = real(user, application)  # the vacancy is read: what the hire decides on
        if not calls:
            calls.append(True)
            locked.set()
            assert tried.wait(timeout=HOLD)
            withdrawn.wait(timeout=3)  # held by the vacancy's lock, it never comes
        return allowed

    applications.can_handle_application = held
    try:
        hire_and_fill(member_id, application_id)
    finally:
        applications.can_handle_application = real


def withdraw_while_held(member_id, vacancy_id, locked, tried, withdrawn):
    """Withdraw the vacancy once the other process holds its hire's locks."""
    assert locked.wait(timeout=HOLD)
    tried.set()
    try:
        withdraw(member_id, vacancy_id)
    finally:
        withdrawn.set()
