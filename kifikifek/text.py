"""Plain-text helpers shared by forms, search and the workflow."""

import re
import unicodedata

#: Separators people put between the digit groups of a phone number.
_SEPARATOR = r"[\s./_,،-]?"
#: A Tunisian number written 2-3-3 or 2-2-2-2 with one kind of separator, or
#: any number with an international prefix. "2023-2024" and "1 500 000" are not.
_PHONE = re.compile(
    rf"(?<!\d)(?:\d{{2}}(?P<a>{_SEPARATOR})\d{{3}}(?P=a)\d{{3}}"
    rf"|\d{{2}}(?P<b>{_SEPARATOR})\d{{2}}(?P=b)\d{{2}}(?P=b)\d{{2}}"
    r"|\d{4}[\s.]\d{4})(?!\d)"
    # Any number written with an international prefix.
    r"|(?:\+|(?<!\d)00)\s?\d{1,3}(?:[\s./_,،()-]?\d){6,}"
)
_EMAIL = re.compile(r"[^@\s]+\s*@\s*[^@\s]+\.[^@\s]+")


#: Characters that reorder the text around them; in one line of text they can
#: make what is shown differ from what is stored.
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def clean_text(text: str | None) -> str | None:
    """Typed text in one Unicode form (NFC), without control characters (NUL and
    the like), which no person means to type and PostgreSQL refuses to store."""
    if text is None:
        return None
    text = unicodedata.normalize("NFC", text)
    return "".join(
        char for char in text if char in "\n\t" or unicodedata.category(char) != "Cc"
    ).strip()


def has_control_characters(text: str | None) -> bool:
    """Whether ``text`` holds control characters other than line breaks and tabs."""
    return any(
        unicodedata.category(char) == "Cc" and char not in "\n\r\t"
        for char in text or ""
    )


def one_line(text: str | None) -> str | None:
    """A single-line field, cleaned, and without direction overrides."""
    cleaned = clean_text(text)
    return cleaned.translate(BIDI_CONTROLS) if cleaned is not None else None


def visible(text: str) -> str:
    """``text`` without invisible format characters (zero-width spaces, marks)."""
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def words(text: str) -> list[str]:
    """The words of ``text``, not counting invisible characters as words."""
    return visible(text).split()


def plain_digits(text: str) -> str:
    """``text`` with digits of every script (Arabic-Indic, full-width…) as 0-9."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(str(unicodedata.decimal(char, char)) for char in text)


def holds_contact(text: str) -> bool:
    """Whether ``text`` holds something like a phone number or e-mail address."""
    plain = plain_digits(visible(text))
    return bool(_PHONE.search(plain) or _EMAIL.search(plain))
