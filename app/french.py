"""French spelling that a translation string cannot carry on its own."""
import unicodedata

from flask_babel import get_locale

_VOWELS = set("aeiouyh")  # a mute h elides too: « l'hôpital », « d'Hérouville »


def elides(word):
    """Whether "de"/"le" before `word` lose their vowel (« d'EHPAD », « d'Ifs »)."""
    letter = unicodedata.normalize("NFD", (word or "").strip()[:1])[:1].lower()
    return letter in _VOWELS


def of(name):
    """"de X" with French elision ("d'EHPAD Saint-Joseph", "de Maison Vire");
    "of X" when the page is in English."""
    locale = get_locale()
    if locale is not None and locale.language == "en":
        return f"of {name}"
    return f"d'{name}" if elides(name) else f"de {name}"
