"""Hypothesis strategies for hostile input, and the raw requests that carry it.

Values are what a person or a script might type; requests put them on the wire
as a broken or malicious client might: fields missing, repeated or unknown,
invalid UTF-8 and lone surrogates, the wrong content type, more bytes than the
site accepts.
"""

import json
from urllib.parse import quote

from hypothesis import strategies as st

#: What people in Tunisia write: Arabic, Tunisian, French and Arabizi.
TYPED = (
    "رجل يلاحقني كل يوم في الشارع قرب المعهد ويقول كلاما بذيئا",
    "المدير قالّي ما نخدموش النساء، روّحي لدارك",
    "خويا خذا الورث الكل و قالّي البنت ما عندهاش حق",
    "Mon patron paie les hommes plus que nous pour le même travail.",
    "3andi mochkla m3a el patron, ma y5alasnich kima e-rjel",
    "Ils m'ont refusé l'inscription « parce que tu es une fille »",
)
#: What a script tries: SQL, markup, templates, paths, formats, full-text syntax.
INJECTIONS = (
    "' OR '1'='1' --",
    "'; DROP TABLE report; --",
    '" OR ""="',
    "1 UNION SELECT password_hash FROM user",
    "%' AND 1=1 AND '%'='",
    "\\'; SELECT pg_sleep(5); --",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ config }}",
    "{% for x in () %}",
    "${7*7}",
    "%(name)s %s %d {0}",
    "../../etc/passwd",
    "//evil.example/",
    "/\\evil.example",
    "https://evil.example",
    '"',
    '""',
    "NEAR(abc def)",
    "abc*",
    "^abc",
    "abc OR def",
    "col:abc",
    "(((",
    "%",
    "_",
)
#: Characters that hide, reorder or break text.
INVISIBLE = (
    "\x00",
    "\x07",
    "\x1b[31m",
    "\r\n",
    "\r",
    "\x85",
    "\u2028",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u2069",
    "\u200b",
    "\u200f",
    "\ufeff",
    "\ufffd",
    "\uffff",
    "\U0010ffff",
    "\u0640" * 40,  # tatweel
    "\u064b" * 40,  # harakat without a letter
    "\ufdfa",  # one character that folds to eighteen
    "\ud800",  # a lone surrogate: encoded as the invalid UTF-8 it becomes
)
NUMBERS = (
    "0",
    "-1",
    "1",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "1" + "0" * 5000,
    "1e309",
    "-0",
    "1.5",
    "NaN",
    "inf",
    "0x10",
    "١٢",
    " 7 ",
    "+5",
)
DATES = (
    "0000-00-00",
    "9999-99-99",
    "9999-12-31",
    "0001-01-01",
    "1989-12-31",
    "1990-01-01",
    "2024-02-29",
    "2023-02-29",
    "2024-13-01",
    "٢٠٢٤-٠٣-٠١",
    "2024/03/01",
    "01/03/2024",
    "+2024-03-01",
    "-2024-03-01",
    "2024-03-01T00:00",
)
KNOWN = TYPED + INJECTIONS + INVISIBLE + NUMBERS + DATES
#: How bodies are sent: mostly as a browser sends a form, so most reach the view.
ENCODINGS = (
    ("form",) * 10 + ("multipart",) * 2 + ("files", "json", "bare", "text", "none")
)
#: Bytes that no form encoder would send, put between a body's fields.
JUNK = (b"%", b"%zz", b"%ff", b"%ED%A0%80", b"\xff\xfe", b"\x00", b"&&", b"=", b";")


def hostile_text() -> st.SearchStrategy[str]:
    """Text that is odd, malicious, invisible, long, or all of those at once."""
    known = st.sampled_from(KNOWN)
    return st.one_of(
        known,
        st.text(max_size=40),
        # Controls, format characters, surrogates, private use, marks.
        st.text(
            st.characters(categories=("Cc", "Cf", "Cs", "Co", "Mn", "Zl", "Zp")),
            max_size=20,
        ),
        st.lists(known, min_size=2, max_size=6).map("".join),
        st.tuples(known, st.integers(1_000, 100_000)).map(
            lambda pair: pair[0] * (pair[1] // len(pair[0]) + 1)
        ),
    )


def header_text() -> st.SearchStrategy[str]:
    """What may travel in a header: Latin-1 without line breaks."""
    return st.one_of(
        st.sampled_from(("ar", "fr-TN,fr;q=0.9", "*", "en;q=x", "ar-TN;q=1e9", "")),
        st.text(st.characters(max_codepoint=255, exclude_characters="\r\n")),
    )


def encoded(text: str) -> str:
    """``text`` percent-encoded, lone surrogates as the UTF-8 they would be."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


class Body:
    """A request body and the content type it is sent as."""

    def __init__(self, data: bytes, content_type: str | None) -> None:
        self.data = data
        self.content_type = content_type

    def __repr__(self) -> str:
        # A padded body would fill the screen of a failing test.
        head = self.data[:2000]
        return f"Body({head!r}…, {len(self.data)} bytes, {self.content_type})"


def urlencoded(pairs: list[tuple[str, str]], junk: list[bytes]) -> bytes:
    parts = [f"{encoded(name)}={encoded(value)}".encode() for name, value in pairs]
    return b"&".join(parts + junk)


def multipart(pairs: list[tuple[str, str]], as_files: bool) -> bytes:
    """A multipart body; a file part instead of text when ``as_files``."""
    parts = []
    for name, value in pairs:
        filename = '; filename="story.txt"' if as_files else ""
        head = f'Content-Disposition: form-data; name="{encoded(name)}"{filename}'
        content = value.encode("utf-8", "surrogatepass")
        parts.append(b"--B0UNDARY\r\n" + head.encode() + b"\r\n\r\n" + content)
    return b"\r\n".join([*parts, b"--B0UNDARY--\r\n"])


@st.composite
def bodies(draw, pairs: list[tuple[str, str]], limit: int) -> Body:
    """``pairs`` encoded as a form mostly, else in a way a form parser must refuse.

    One body in a few is padded beyond ``limit`` bytes, the most the site takes.
    """
    how = draw(st.sampled_from(ENCODINGS))
    junk = draw(st.lists(st.sampled_from(JUNK), max_size=3))
    if how == "form":
        body = Body(urlencoded(pairs, junk), "application/x-www-form-urlencoded")
    elif how in {"multipart", "files"}:
        data = multipart(pairs, as_files=how == "files")
        body = Body(data, "multipart/form-data; boundary=B0UNDARY")
    elif how == "json":
        body = Body(json.dumps(dict(pairs)).encode(), "application/json")
    elif how == "bare":  # a multipart type without its boundary
        body = Body(multipart(pairs, False), "multipart/form-data")
    else:
        body = Body(urlencoded(pairs, junk), "text/plain" if how == "text" else None)
    if draw(st.integers(0, 9)) == 9:
        body.data += b"&padding=" + b"x" * (limit + 1)
    return body
