"""The English catalogue is complete, and the pages really switch to English."""
import html
import io
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parents[2] / "app" / "translations"
POT = TRANSLATIONS / "messages.pot"
PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")


def _read(path, **kwargs):
    with open(path, "rb") as f:
        return read_po(f, **kwargs)


@pytest.fixture(scope="module")
def catalogue():
    return _read(PO, locale="en")


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue(catalogue):
    """Compile the .po as `make translations` does, when the .mo is missing or stale."""
    if not MO.exists() or MO.stat().st_mtime < PO.stat().st_mtime:
        with open(MO, "wb") as f:
            write_mo(f, catalogue)


def _ids(catalogue):
    return {message.id for message in catalogue if message.id}


def test_every_extracted_message_has_an_english_translation(catalogue):
    missing = _ids(_read(POT)) - _ids(catalogue)
    assert not missing, f"run pybabel update: {sorted(missing)[:5]}"


def test_no_english_entry_is_empty_or_fuzzy(catalogue):
    messages = [m for m in catalogue if m.id]
    untranslated = [m.id for m in messages if not m.string or
                    (isinstance(m.string, tuple) and not all(m.string))]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert not untranslated, untranslated[:5]
    assert not fuzzy, fuzzy[:5]


def test_english_catalogue_passes_babel_checks_and_compiles(catalogue):
    """Placeholders agree with the msgids, and the catalogue compiles."""
    errors = [(message.id, [str(e) for e in found]) for message, found in catalogue.check()]
    assert not errors, errors[:5]
    write_mo(io.BytesIO(), catalogue)


@pytest.mark.parametrize("path, english, french", [
    ("/", ["Log in", "Looking for a job?", "Create my candidate account"],
     ["Se connecter", "Vous cherchez un emploi", "Créer mon compte candidat"]),
    ("/auth/login", ["Log in", "Password", "Forgotten your password?"],
     ["Se connecter", "Mot de passe", "Mot de passe oublié"]),
    ("/members/", ["Member establishments", "No members yet."],
     ["Les établissements membres", "Aucun membre pour l'instant"]),
    ("/pool/", ["job vacancies", "Sort by", "CDD (fixed-term contract)"],
     ["Publiées depuis", "Trier par", "Toujours"]),
])
def test_pages_follow_the_english_choice(client, path, english, french):
    client.get("/lang/en")
    html = client.get(path).text
    assert '<html lang="en">' in html
    for word in english:
        assert word in html
    for word in french:
        assert word not in html


def test_french_stays_the_default(client):
    html = client.get("/auth/login").text
    assert "Se connecter" in html and "Log in" not in html


@pytest.mark.parametrize("path", ["/staff/audit?since=31/02", "/training/?since=hier"])
def test_query_string_filters_answer_in_french(client, auth, path):
    """Filters read from the query string are plain WTForms forms: their
    built-in messages must come in French too."""
    from tests import factories
    auth.login(factories.user("staff"))
    body = html.unescape(client.get(path).get_data(as_text=True))
    assert "N'est pas une date valide." in body
    assert "Not a valid" not in body


def test_the_language_chosen_before_logging_in_survives_login_and_logout(client, auth, candidate):
    client.get("/lang/en")
    response = auth.login(candidate)
    html = client.get(response.headers["Location"]).text
    assert '<html lang="en">' in html and f"Welcome, {candidate.first_name}." in html
    auth.logout()
    html = client.get("/").text
    assert '<html lang="en">' in html and "You are logged out." in html


def test_the_macros_strings_are_extracted_and_translated(catalogue):
    """pybabel skips "_" folders by default: `make messages` extracts app/templates/_macros/."""
    from babel.messages.extract import extract_from_dir
    macros = TRANSLATIONS.parent / "templates" / "_macros"
    found = {message for _, _, message, _, _ in extract_from_dir(
        macros, [("**.html", "jinja2")], keywords={"_": None, "_l": None})}
    assert "Le formulaire contient des erreurs : corrigez les champs signalés." in found
    translated = {m.id for m in catalogue if m.id and m.string}
    assert not found - translated, f"run make messages: {sorted(found - translated)[:5]}"


def test_a_form_with_errors_says_so_in_english(client):
    client.get("/lang/en")
    html = client.post("/auth/login", data={"email": "", "password": ""}).text
    assert "The form has errors: please correct the fields marked." in html
