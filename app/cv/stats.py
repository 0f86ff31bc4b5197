"""Anonymous counters that outlive the people erased (the dashboard's counts, as promised)."""
from app.cv.models import AnonymousStat
from app.extensions import db
from app.work import Work


def bump(key, count=1):
    """Add to an anonymous counter, in the caller's unit of work."""
    stat = Work().lock(AnonymousStat, key)
    if stat is None:
        stat = AnonymousStat(key=key, count=0)
        db.session.add(stat)
    stat.count += count
