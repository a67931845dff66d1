"""Languages: chosen well, complete, and never losing a placeholder."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
TAG = re.compile(r"<[^>]+>")


def catalog(language: str):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=language)


def page_language(response) -> str:
    return re.search(r'<html lang="(\w+)"', response.get_data(as_text=True)).group(1)


@pytest.mark.parametrize(
    ("cookie", "accept", "expected"),
    [
        (None, None, "ar"),
        (None, "fr-FR,fr;q=0.9", "fr"),
        (None, "en-GB,en;q=0.8", "en"),
        (None, "de-DE,de;q=0.9", "ar"),
        (None, "de;q=0.9,fr;q=0.5", "fr"),
        ("en", "fr", "en"),
        ("fr", "ar", "fr"),
        ("xx", "en", "en"),
    ],
)
def test_language_order_is_choice_then_browser_then_arabic(
    client, cookie, accept, expected
):
    if cookie:
        client.set_cookie("lang", cookie)
    headers = {"Accept-Language": accept} if accept else {}

    assert page_language(client.get("/", headers=headers)) == expected


def test_language_in_the_address_wins_and_is_remembered(client):
    client.set_cookie("lang", "fr")

    assert page_language(client.get("/help?lang=xx")) == "fr"
    assert page_language(client.get("/help?lang=ar")) == "ar"
    assert page_language(client.get("/help")) == "ar"


def test_a_language_in_the_address_is_remembered_and_the_switcher_wins(client):
    page = client.get("/stats/?lang=fr&period=year")
    assert "lang=fr" in page.headers["Set-Cookie"]
    assert page_language(client.post("/", data={})) == "fr"  # the form keeps it

    html = page.get_data(as_text=True)
    assert 'href="/language/ar?next=/stats/?period%3Dyear"' in html


def test_switcher_remembers_the_choice_and_returns(client):
    response = client.get("/language/fr?next=/stats/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/stats/"
    assert "lang=fr" in response.headers["Set-Cookie"]
    assert (
        page_language(client.get("/stats/", headers={"Accept-Language": "en"})) == "fr"
    )


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example", "/\\evil"]
)
def test_switcher_never_leaves_the_site(client, target):
    response = client.get("/language/en", query_string={"next": target})

    assert response.headers["Location"] == "/"


def test_every_page_links_each_language_in_its_own_name(client):
    html = client.get("/help").get_data(as_text=True)

    for code, name in (("ar", "العربية"), ("fr", "Français"), ("en", "English")):
        assert f'lang="{code}"' in html
        assert name in html


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_catalogue_is_complete_and_keeps_placeholders(language):
    problems = []
    for message in catalog(language):
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = (
            message.string if isinstance(message.string, tuple) else (message.string,)
        )
        wanted = set(PLACEHOLDER.findall(" ".join(sources)))
        tags = sorted(TAG.findall(sources[0]))
        if "fuzzy" in message.flags or not all(strings):
            problems.append(("untranslated", sources[0]))
        for string in strings:
            found = set(PLACEHOLDER.findall(string))
            # Arabic may say "one" or "two" in words where English needs %(count)s.
            if found - wanted or (len(strings) == 1 and found != wanted):
                problems.append(("placeholder", sources[0]))
            if sorted(TAG.findall(string)) != tags:
                problems.append(("markup", sources[0]))
    assert problems == []


def test_arabic_has_six_plural_forms():
    arabic = catalog("ar")

    assert arabic.num_plurals == 6
    plurals = [message for message in arabic if message.pluralizable and message.id]
    assert plurals and all(len(message.string) == 6 for message in plurals)


def test_catalogues_hold_every_message_in_the_code(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-o",
            str(template),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as pot:
        extracted = {message.id for message in read_po(pot) if message.id}

    for language in ("ar", "fr", "en"):
        translated = {message.id for message in catalog(language) if message.id}
        missing = extracted - translated
        assert not missing, (
            f"run python translations/update.py: {language} lacks {missing}"
        )
