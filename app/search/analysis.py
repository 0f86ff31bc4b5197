"""French as people type it, for every backend.

Accents are folded, feminine forms are brought to the masculine before
stemming (infirmière, infirmier and INFIRMIERES meet) and the trade's
abbreviations (IDE, AS, AES, ASH…) are indexed with the words they stand for;
a query searches the words an abbreviation stands for, not the abbreviation.
whoosh applies this as analysis filters (ANALYZER); PostgreSQL gets the same
words from normalise() before its own unaccent and French stemmer.
"""
import re
from functools import lru_cache

from whoosh.analysis import Filter, RegexTokenizer
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.support.charset import accent_map

MAX_QUERY_WORDS = 12
MAX_QUERY_CHARS = 300
MAX_SIMILAR_WORDS = 30
MAX_SIMILAR_CHARS = 5000
# "Infirmier(ère)", "Aide-soignant(e)": the ending alone would match every such label.
_GENDER_MARK = re.compile(r"(?<=\w)\(\w{1,5}\)")

# Each group: the abbreviation, then the words it stands for (accents folded).
ABBREVIATIONS = {
    "ide": "infirmier",
    "idel": "infirmier liberal",
    "idec": "infirmier coordinateur",
    "as": "aide soignant",
    "aes": "accompagnant educatif social",
    "amp": "accompagnant educatif social",
    "avs": "accompagnant educatif social",
    "ash": "agent service hospitalier",
    "asg": "assistant soins gerontologie",
    "advf": "assistant vie familles",
    "tisf": "technicien intervention sociale familiale",
}
_FEMININE = [(re.compile(r"ieres?$"), "ier"), (re.compile(r"trices?$"), "teur"),
             (re.compile(r"euses?$"), "eur"), (re.compile(r"iennes?$"), "ien"),
             (re.compile(r"ives?$"), "if"), (re.compile(r"antes?$"), "ant")]


class AbbreviationFilter(Filter):
    """Index an abbreviation with its words; search for the words only.

    Older indexes keep this chain pickled in their schema: the class stays.
    """

    def __call__(self, tokens):
        for token in tokens:
            words = ABBREVIATIONS.get(token.text)
            if words is None:
                yield token
                continue
            if token.mode != "query":
                yield token
            for word in words.split():
                token.text = word
                yield token


class FeminineFilter(Filter):
    """Bring feminine endings to the masculine so both stem alike (older indexes)."""

    is_morph = True  # the spelling dictionary keeps the words as written

    def __call__(self, tokens):
        for token in tokens:
            token.text = masculine(token.text)
            yield token


@lru_cache(maxsize=100_000)
def masculine(word):
    """The word with a feminine ending brought to the masculine (cached: a
    corpus repeats a small vocabulary, and this ran once per token)."""
    if len(word) > 5:
        for pattern, ending in _FEMININE:
            if pattern.search(word):
                return pattern.sub(ending, word)
    return word


_MASCULINE = [(re.compile(r"ier$"), "iere"), (re.compile(r"teur$"), "trice"),
              (re.compile(r"eur$"), "euse"), (re.compile(r"ien$"), "ienne"),
              (re.compile(r"if$"), "ive"), (re.compile(r"ant$"), "ante")]


def feminine(word):
    """The feminine of a masculine word (infirmier → infirmiere), or the word itself.

    For the PostgreSQL backend's extracts: ts_headline analyses the text as
    written, where "infirmière" does not stem as "infirmier" does.
    """
    for pattern, ending in _MASCULINE:
        if pattern.search(word):
            return pattern.sub(ending, word)
    return word


_STOP_WORDS = frozenset(stopwords_for_language("fr"))
_stem = stemmer_for_language("fr")


class FrenchWords(Filter):
    """Lowercase, accents folded, abbreviations, stop words: one cached step.

    With FrenchStems, the same result as the chain of five whoosh filters
    that made a third of the build (each step ran per token, though a corpus
    repeats a small vocabulary). Older indexes keep that chain pickled in
    their schema, so its classes stay defined above.
    """

    def __call__(self, tokens):
        for token in tokens:
            for text, stopped in _words(token.text, token.mode == "query"):
                if not (stopped and token.removestops):
                    token.text, token.stopped = text, stopped
                    yield token


class FrenchStems(Filter):
    """Feminine brought to the masculine, then the stem (cached per word).

    A morphological step: spelling words (no_morph) skip it.
    """

    is_morph = True

    def __call__(self, tokens):
        for token in tokens:
            if not token.stopped:
                token.text = _stems(token.text)
                if token.text is None:  # a stop word once masculine
                    continue
            yield token


def _is_stop(text):
    return len(text) < 2 or text in _STOP_WORDS


@lru_cache(maxsize=200_000)
def _words(word, query):
    """((text, stopped), …) of one word; see FrenchWords."""
    word = word.lower().translate(accent_map)
    expansion = ABBREVIATIONS.get(word)
    if expansion is None:
        texts = [word]
    else:  # a query searches the words an abbreviation stands for, not itself
        texts = ([] if query else [word]) + expansion.split()
    return tuple((text, _is_stop(text)) for text in texts)


@lru_cache(maxsize=200_000)
def _stems(text):
    """The stem of the masculine of `text`, None when that is a stop word."""
    text = masculine(text)
    return None if _is_stop(text) else _stem(text)


ANALYZER = RegexTokenizer(r"\w+") | FrenchWords() | FrenchStems()


def clean_query(text):
    """The words of a user's query: no syntax, no control characters, bounded."""
    text = (text or "")[:MAX_QUERY_CHARS]
    return re.findall(r"\w+", text)[:MAX_QUERY_WORDS]


@lru_cache(maxsize=10_000)
def tokens(word):
    """The analysed tokens of one typed word, all of which a document must hold."""
    return tuple(dict.fromkeys(token.text for token in ANALYZER(word, mode="query")))


def query_words(text):
    """The words of a query that leave at least one token once analysed.

    A query of stop words alone ("le la de") then counts as no words at all,
    instead of silently matching every document.
    """
    return [word for word in clean_query(text) if tokens(word)]


def similar_words(text):
    """The distinct searchable words of a whole text (a vacancy, a CV), bounded."""
    text = _GENDER_MARK.sub("", (text or "")[:MAX_SIMILAR_CHARS])
    words = dict.fromkeys(word.lower() for word in re.findall(r"\w+", text))
    by_tokens = {tokens(word): word for word in words if tokens(word)}
    return list(by_tokens.values())[:MAX_SIMILAR_WORDS]


def normalise(text, query=False):
    """The text as words PostgreSQL's unaccent and French stemmer then take:
    accents folded, feminine brought to the masculine, abbreviations expanded
    (kept too in a document), stop words left out."""
    words = (_normal_word(word, query) for word in re.findall(r"\w+", text or ""))
    return " ".join(word for word in words if word)


@lru_cache(maxsize=200_000)
def _normal_word(word, query):
    return " ".join(masculine(text) for text, stopped in _words(word, query)
                    if not stopped and not _is_stop(masculine(text)))
