"""The daily digest of the saved searches: `flask --app wsgi alerts`.

What is "new" for a saved search: what entered its tab after the search's
watermark (`last_sent_at`, first its creation time) -- a vacancy or a
training session when staff published it (`published_at`), a CV when it
entered the bank, the later of the staff approval (`moderated_at`) and the
candidate's consent (`consent_at`). Not `created_at` (drafts and pending
items are seen by nobody), not `updated_at` (an edit is not news), not the
index's `date` (a session's is its start).

The window closes SETTLE before the run, so a publication still being
committed when the digest reads is in the next one, never lost. Each user's
watermarks move first, in one short transaction (two runs at once never mail
the same news twice), and move back if their mail fails (the next run
retries); a crash between the two loses that user's digest of the day.
"""
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import case, select, update

from app import indexing, mail, search
from app.alerts.items import describe, search_url
from app.alerts.models import SavedSearch
from app.auth.models import User
from app.cv.models import CandidateProfile
from app.extensions import db
from app.notifications.services import wants
from app.permissions import is_member
from app.pool.models import Vacancy
from app.search_views.finder import visible
from app.search_views.tabs import TABS
from app.timeutil import utcnow
from app.training.models import TrainingSession
from app.work import unit_of_work

log = logging.getLogger(__name__)
SETTLE = timedelta(minutes=5)
MAX_ITEMS = 20  # listed per saved search; the mail links to the search for the rest
MAX_NEW = 1000  # new objects of one kind looked at per saved search and run
ENTERED = {
    "vacancy": lambda: Vacancy.published_at,
    "training": lambda: TrainingSession.published_at,
    "cv": lambda: case((CandidateProfile.moderated_at > CandidateProfile.consent_at,
                        CandidateProfile.moderated_at), else_=CandidateProfile.consent_at),
}


class IndexLagging(Exception):
    """The index could not take the database's last changes: no digest may be judged."""


@dataclass
class Report:
    mailed: int = 0
    items: int = 0
    failed: list = field(default_factory=list)


@dataclass
class Section:
    name: str
    items: list  # (label, absolute url)
    count: int
    url: str


def run():
    """Mail every user the news of their saved searches; a failure stops only its user."""
    if not indexing.drain():  # news the engine does not know yet would be skipped for good
        raise IndexLagging()
    cutoff = utcnow() - SETTLE
    report = Report()
    user_ids = db.session.scalars(select(SavedSearch.user_id).distinct()
                                  .order_by(SavedSearch.user_id)).all()
    for user_id in user_ids:
        try:
            items = digest_user(user_id, cutoff)
        except Exception:  # one user's failure must not stop the others
            db.session.rollback()  # the next user starts from a clean session
            log.exception("saved searches digest failed for user %s", user_id)
            report.failed.append(user_id)
            continue
        report.mailed += bool(items)
        report.items += items
    return report


def digest_user(user_id, cutoff):
    """Mail one user the news up to `cutoff`; returns how many items were mailed."""
    previous = claim(user_id, cutoff)
    if not previous:
        return 0
    try:
        return mail_news(db.session.get(User, user_id), previous, cutoff)
    except Exception:
        release(previous, cutoff)
        raise


def claim(user_id, cutoff):
    """Move the user's watermarks to `cutoff`; returns {saved search id: previous one}."""
    with unit_of_work() as work:
        rows = work.lock_all(select(SavedSearch).where(
            SavedSearch.user_id == user_id, SavedSearch.last_sent_at < cutoff)
            .order_by(SavedSearch.id))
        previous = {row.id: row.last_sent_at for row in rows}
        for row in rows:
            row.last_sent_at = cutoff
    return previous


def release(previous, cutoff):
    """Put back the watermarks of a digest that was not mailed, so the next run retries."""
    db.session.rollback()  # the failed mail may have left the session unusable
    with unit_of_work():
        for saved_id, before in previous.items():
            db.session.execute(update(SavedSearch).where(
                SavedSearch.id == saved_id, SavedSearch.last_sent_at == cutoff)
                .values(last_sent_at=before))


def receives(user):
    """An enabled account, of an active establishment for a member, with alerts on."""
    if user is None or user.disabled:
        return False
    if is_member(user) and not user.establishment.is_active:
        return False
    return wants(user.id, "alerts")


def mail_news(user, previous, cutoff):
    """Send the user's one mail of news, if any; returns how many items it lists."""
    if not receives(user):
        return 0
    searches = db.session.scalars(select(SavedSearch).where(SavedSearch.id.in_(previous))
                                  .order_by(SavedSearch.created_at, SavedSearch.id)).all()
    sections = [s for s in (section(user, saved, previous[saved.id], cutoff)
                            for saved in searches) if s is not None]
    if not sections:
        return 0
    total = sum(s.count for s in sections)
    # deliver, not send: a failure releases the watermarks and the next run mails it.
    mail.deliver(user.email, "search_alerts", user=user, sections=sections, total=total)
    return total


def section(user, saved, since, until):
    """The part of the mail for one saved search, or None without news."""
    tab = TABS.get(saved.kind)
    if tab is None or not tab.allowed(user):  # rights re-checked at send time
        return None
    found = new_items(tab, saved, since, until)
    if not found:
        return None
    return Section(saved.name, [describe(tab.name, obj) for obj in found[:MAX_ITEMS]],
                   len(found), search_url(saved))


def new_items(tab, saved, since, until):
    """What entered the tab in (since, until] and matches the search, newest first,
    re-read through the /search page's permission filter."""
    entered = ENTERED[tab.name]()
    ids = db.session.scalars(
        tab.visible().with_only_columns(tab.model.id).where(entered > since, entered <= until)
        .order_by(None).order_by(entered.desc(), tab.model.id.desc()).limit(MAX_NEW)).all()
    matched = search.matching_ids(tab.name, saved.query,
                                  saved.filters, ids)
    return visible(tab, [object_id for object_id in ids if object_id in matched])
