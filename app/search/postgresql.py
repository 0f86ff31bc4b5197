"""The PostgreSQL backend (SEARCH_BACKEND=postgresql): full text in the database.

Every host of a deployment reads the same index, written in the transaction
of each change (postgresql_store.py). Queries are PostgreSQL's full text
search: the words as analysis.normalise() gives them (accents, feminine,
abbreviations, as the whoosh backend), then unaccent and the French stemmer;
ts_rank with the declared weights, facets counted in SQL over every match,
ts_headline for the extracts, pg_trgm for "Vouliez-vous dire".
"""
import re

from markupsafe import Markup, escape
from sqlalchemy import Text, and_, func, literal, literal_column, or_, select, text
from sqlalchemy.dialects.postgresql import ARRAY

from app.extensions import db
from app.search import postgresql_store as store
from app.search.analysis import feminine, normalise, query_words, similar_words
from app.search.base import IndexUnreadable, Results
from app.timeutil import local_today

DOCS = store.DOCUMENTS
SUGGESTION_CANDIDATES = 10
_MARK_START, _MARK_END = "\x02", "\x03"  # never in a text: control characters are removed
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _query(words, operator="&"):
    """A tsquery of the normalised words: every word (&) or any (|); None without one.

    The words hold only letters and digits (\\w), so they are quoted safely.
    """
    groups = [normalise(word, query=True).split() for word in words]
    terms = ["(" + " & ".join(f"'{part}'" for part in group) + ")" for group in groups if group]
    if not terms:
        return None
    return func.to_tsquery(store.REGCONFIG, f" {operator} ".join(terms))


def _where(kind, query, filters=None):
    """The documents of `kind` still found today, matching `query` and each filter."""
    today = local_today()
    clauses = [DOCS.c.kind == kind, or_(DOCS.c.until.is_(None), DOCS.c.until >= today)]
    if query is not None:
        clauses.append(DOCS.c.vector.op("@@")(query))
    for name, values in (filters or {}).items():
        if values:
            wanted = [f"{name}={value}" for value in values]
            clauses.append(DOCS.c.facets.op("&&")(literal(wanted, ARRAY(Text))))
    return and_(*clauses)


def _rank(query):
    return func.ts_rank(literal_column(f"'{store.weights()}'::float4[]"), DOCS.c.vector, query)


def _ordered(statement, query, by_date=False):
    date = DOCS.c.date.desc().nulls_last()
    if query is None or by_date:
        return statement.order_by(date, DOCS.c.object_id)
    return statement.order_by(_rank(query).desc(), date, DOCS.c.object_id)


def _reading(method):
    """Any database error while searching is an unreadable index: the page answers without it."""
    def run(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except IndexUnreadable:
            raise
        except Exception as error:  # the page shows its plain list instead of a 500
            raise IndexUnreadable(f"postgresql: {type(error).__name__}: {error}") from error
    return run


class PostgresBackend:
    """The interface's operations on the application's database."""

    name = "postgresql"
    transactional = True  # documents are written in the change's own transaction

    @_reading
    def search(self, kind, text="", filters=None, sort="relevance", page=1, per_page=20,
               facets=()):
        words = query_words(text)
        query = _query(words)
        where = _where(kind, query, filters)
        with db.engine.connect() as connection:
            ids = connection.scalars(_ordered(select(DOCS.c.object_id).where(where), query,
                                              sort == "date")
                                     .limit(per_page).offset((page - 1) * per_page)).all()
            total = connection.scalar(select(func.count()).where(where))
            counts = _facet_counts(connection, where, facets)
            suggestion = _suggest(connection, kind, words) if words and not total else None
        return Results(ids=list(ids), total=total, facets=counts, suggestion=suggestion,
                       terms=[" ".join(normalise(word, query=True) for word in words)])

    @_reading
    def ranked_ids(self, kind, text, limit=1000):
        words = query_words(text)
        if not words:
            return None
        query = _query(words)
        with db.engine.connect() as connection:
            return list(connection.scalars(_ordered(select(DOCS.c.object_id).where(
                _where(kind, query)), query).limit(limit)))

    @_reading
    def similar_ids(self, kind, text, limit=200):
        query = _query(similar_words(text), "|")
        if query is None:
            return []
        with db.engine.connect() as connection:
            return list(connection.scalars(_ordered(select(DOCS.c.object_id).where(
                _where(kind, query)), query).limit(limit)))

    @_reading
    def matching_ids(self, kind, text, filters, ids):
        if not ids:
            return set()
        where = _where(kind, _query(query_words(text)), filters)
        with db.engine.connect() as connection:
            return set(connection.scalars(select(DOCS.c.object_id).where(
                where, DOCS.c.object_id.in_(list(ids)))))

    def highlights(self, text, terms, top=2):
        """ts_headline's extracts, the text escaped and only its <mark> tags markup."""
        words = " ".join(terms or []).split()
        text = _CONTROL.sub(" ", text or "")
        forms = sorted({form for word in words for form in (word, feminine(word))
                        if re.fullmatch(r"\w+", form)})  # quoted safely below
        query = func.to_tsquery(store.REGCONFIG, " | ".join(f"'{form}'" for form in forms)) \
            if forms else None
        if not text or query is None:
            return Markup("")
        options = (f"StartSel={_MARK_START}, StopSel={_MARK_END}, MaxFragments={top}, "
                   'MaxWords=25, MinWords=8, FragmentDelimiter=" … "')
        with db.engine.connect() as connection:
            extract = connection.scalar(select(func.ts_headline(store.REGCONFIG, text, query,
                                                                options)))
        if _MARK_START not in (extract or ""):
            return Markup("")
        # The text escaped: only the marks put in below are tags.
        marked = str(escape(extract)).replace(_MARK_START, "<mark>").replace(_MARK_END, "</mark>")
        return Markup(marked)  # nosec B704

    def apply_fresh(self, kind, read, timeout=None):
        with db.engine.begin() as connection:
            self.apply_in(connection, kind, read)

    def apply_in(self, connection, kind, read, ids=()):
        """Write the documents read() returns, in `connection`'s transaction, once
        the locks of the kind (shared) and of `ids` are held."""
        store.lock_kind(connection, kind)
        store.lock_documents(connection, kind, ids)
        store.write(connection, kind, read())

    def rebuild(self, kind, documents, processes=1):
        with db.engine.begin() as connection:
            store.lock_kind(connection, kind, alone=True)
            store.replace_all(connection, kind, documents)

    def stored_digests(self, kind):
        with db.engine.connect() as connection:
            return store.stored_digests(connection, kind)

    def damage(self, kind):
        try:
            with db.engine.connect() as connection:
                return store.damage(connection, kind)
        except Exception as error:  # reported by `search check`, never raised
            return f"{kind}: {type(error).__name__}: {error}"

    def health(self):
        try:
            with db.engine.connect() as connection:
                return store.health(connection)
        except Exception as error:  # any failure is reported, never raised
            return f"{type(error).__name__}: {error}"


def _facet_counts(connection, where, names):
    """{facet: {value: count}} over every match, in one query."""
    if not names:
        return {}
    value = func.unnest(DOCS.c.facets).label("value")
    inner = select(value).where(where).subquery()
    rows = connection.execute(select(inner.c.value, func.count()).group_by(inner.c.value)).all()
    counts = {name: {} for name in names}
    for pair, count in rows:
        name, _, found = pair.partition("=")
        if name in counts:
            counts[name][found] = count
    return counts


def _suggest(connection, kind, words):
    """Each word that matches nothing replaced by the closest indexed word that
    does (pg_trgm); None when none can be, or the corrected words match nothing."""
    def found(some):
        query = _query(some)
        return query is not None and connection.scalar(
            select(DOCS.c.object_id).where(_where(kind, query)).limit(1)) is not None

    corrected = []
    for word in words:
        if found([word]):
            corrected.append(word)
            continue
        typed = normalise(word, query=True).replace(" ", "") or word.lower()
        candidates = connection.scalars(text(
            # pg_trgm's default threshold (0.3) misses short words (noit → nuit: 0.25)
            "SELECT word FROM search_word WHERE kind = :kind AND similarity(word, :typed) >= 0.2 "
            "AND abs(length(word) - length(:typed)) <= 3 "
            "ORDER BY similarity(word, :typed) DESC, word LIMIT :limit"),
            {"kind": kind, "typed": typed, "limit": SUGGESTION_CANDIDATES}).all()
        corrected.append(next((candidate for candidate in candidates if found([candidate])), word))
    if corrected == words or not found(corrected):
        return None
    return " ".join(corrected)
