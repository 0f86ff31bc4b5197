"""What every backend shares: the answer of a search, the errors, the digest."""
import hashlib
import json
from dataclasses import dataclass, field


class IndexBusy(Exception):
    """Another process held the index's write lock for too long."""


class IndexBuildFailed(Exception):
    """A sub-process of a rebuild failed; the index was left as it was."""


class IndexUnreadable(Exception):
    """The index of a kind cannot be read: a file missing, truncated or damaged."""


@dataclass
class Results:
    """One page of hits: ids to re-read, the total and facet counts over every
    match, a "Vouliez-vous dire" and what highlights() needs of the query."""

    ids: list
    total: int
    facets: dict = field(default_factory=dict)
    suggestion: str | None = None
    terms: list = field(default_factory=list)


def digest(document):
    """A fingerprint of a document's content, to spot stale entries."""
    encoded = json.dumps(document, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]
