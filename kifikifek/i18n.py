"""Languages: which one a request gets, and what templates need to show it."""

import os
import unicodedata
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, has_request_context, request
from flask_babel import get_locale

from kifikifek.extensions import babel

#: Each language named in itself, in the order the switcher shows them.
LANGUAGES = {"ar": "العربية", "fr": "Français", "en": "English"}
#: Dates and numbers as written in Tunisia: "جانفي", not "يناير".
TUNISIAN_FORMATS = {"ar": "ar_TN", "fr": "fr_TN", "en": "en"}
RIGHT_TO_LEFT = {"ar"}
DEFAULT_LANGUAGE = "ar"
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


def select_locale() -> str:
    """Pick the language: the visitor's choice, then their browser's, then Arabic.

    The choice is a ``lang`` in the address (a link someone shared) or else the
    cookie the language switcher sets.

    Outside a request (a command in a terminal) the terminal's language is used
    when it is one of ours, else English.
    """
    if not has_request_context():
        terminal = os.environ.get("LANG", "")[:2]
        return terminal if terminal in LANGUAGES else "en"
    chosen = (request.args.get("lang"), request.cookies.get(COOKIE))
    language = next((code for code in chosen if code in LANGUAGES), None)
    if language is None:
        language = request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE
    return TUNISIAN_FORMATS[language]


def remember_address_choice(response: Response) -> Response:
    """A ``lang`` in the address is a choice: keep it for the pages that follow."""
    language = request.args.get("lang")
    if language in LANGUAGES and request.cookies.get(COOKIE) != language:
        remember(response, language)
    return response


def remember(response: Response, language: str) -> None:
    response.set_cookie(
        COOKIE,
        language,
        max_age=COOKIE_MAX_AGE,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure,
    )


def here_without_language() -> str:
    """This page's address without its ``lang``, for the language switcher."""
    args = request.args.to_dict(flat=False)
    args.pop("lang", None)
    query = urlencode(args, doseq=True)
    return request.path + (f"?{query}" if query else "")


def current_language() -> str:
    """The two-letter code of the language this request is answered in."""
    locale = get_locale()
    return locale.language if locale else DEFAULT_LANGUAGE


def text_direction() -> str:
    """``rtl`` for Arabic, ``ltr`` otherwise."""
    return "rtl" if current_language() in RIGHT_TO_LEFT else "ltr"


def localized(item: Any) -> str:
    """The name of a place (anything with ``name_ar/fr/en``) in this language."""
    return getattr(item, f"name_{current_language()}")


def alphabetical(item: Any) -> str:
    """A sort key that puts Béja before Bizerte: accents and case ignored."""
    name = unicodedata.normalize("NFKD", localized(item))
    return "".join(char for char in name if not unicodedata.combining(char)).casefold()


def init_app(app: Flask) -> None:
    """Set up Flask-Babel and give templates the language helpers."""
    babel.init_app(app, locale_selector=select_locale)
    app.after_request(remember_address_choice)
    from kifikifek.geography import place_name  # geography itself needs this module

    app.jinja_env.filters["localized"] = localized
    app.jinja_env.filters["place_name"] = place_name

    @app.context_processor
    def language_context() -> dict[str, Any]:
        return {
            "languages": LANGUAGES,
            "current_language": current_language(),
            "text_direction": text_direction(),
            "here_without_language": here_without_language,
        }
