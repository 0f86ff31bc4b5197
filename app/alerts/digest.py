"""The daily digest of the saved searches: `flask --app wsgi alerts`.

What is "new" for a saved search: what entered its tab after the search's
watermark (`last_sent_at`, first its creation time) -- a vacancy or a
training session when staff published it (`published_at`), a CV when it
entered the bank, the later of the staff approval (`moderated_at`) and the
candidate's consent (`consent_at`). Not `created_at` (drafts and pending
items are seen by nobody), not `updated_at` (an edit is not news), not the
index's `date` (a session's is its start).

The window closes SETTLE before the run, so a publication still being
committed when the digest reads is in the next one, never lost. The news is
found first, outside any transaction (the search index is slow); then one
unit of work moves the user's watermarks and hands the digest to the
notification policy (logged, on the channels the person chose, delivered and
retried by a task after the commit). If another run moved a watermark
meanwhile, that run tells the news and this one sends nothing: two runs at
once never tell the same news twice, and a crash loses nothing.
"""
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import case, select

from app import indexing, search
from app.alerts.items import describe, search_url
from app.alerts.models import SavedSearch
from app.auth.models import User
from app.cv.models import CandidateProfile
from app.extensions import db
from app.notifications.policy import notify
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
    """Tell every user the news of their saved searches; a failure stops only its user."""
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
    """Tell one user the news up to `cutoff`; returns how many items were told."""
    previous = dict(db.session.execute(select(SavedSearch.id, SavedSearch.last_sent_at).where(
        SavedSearch.user_id == user_id, SavedSearch.last_sent_at < cutoff)).all())
    if not previous:
        return 0
    user = db.session.get(User, user_id)
    sections = news(user, previous, cutoff)
    total = sum(s.count for s in sections)
    with unit_of_work() as work:
        rows = work.lock_all(select(SavedSearch).where(SavedSearch.id.in_(previous))
                             .order_by(SavedSearch.id))
        if any(row.last_sent_at != previous[row.id] for row in rows):
            return 0  # another run took these searches: it tells their news
        for row in rows:
            row.last_sent_at = cutoff
        if total:
            notify(user.email, "search_alerts", user=user, sections=sections, total=total)
    return total


def receives(user):
    """An enabled account, of an active establishment for a member, with alerts on."""
    if user is None or user.disabled:
        return False
    if is_member(user) and not user.establishment.is_active:
        return False
    return wants(user.id, "alerts")


def news(user, previous, cutoff):
    """The sections of the user's digest: one per saved search with news."""
    if not receives(user):
        return []
    searches = db.session.scalars(select(SavedSearch).where(SavedSearch.id.in_(previous))
                                  .order_by(SavedSearch.created_at, SavedSearch.id)).all()
    return [s for s in (section(user, saved, previous[saved.id], cutoff)
                        for saved in searches) if s is not None]


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
