"""Small helpers about addresses."""

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask


def is_local(target: str) -> bool:
    """Whether ``target`` is a path on this site, safe to redirect to."""
    if not target.startswith("/") or target.startswith("//"):
        return False
    if any(ord(char) < 32 or ord(char) == 127 for char in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and "\\" not in target


class EncodedQuery:
    """Percent-encode the bytes a client sent unencoded in the query string.

    Browsers encode them, and gunicorn refuses a request that does not, but
    other WSGI servers pass them on; Werkzeug then fails to read the query at
    all when they are not UTF-8, and every page, error pages included, fails.
    Encoded, valid UTF-8 reads the same, and invalid bytes stay as ``%FF``.
    """

    def __init__(self, wsgi_app: Any) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Any) -> Iterable[bytes]:
        query = environ.get("QUERY_STRING", "")
        if not query.isascii():
            # WSGI carries the raw bytes as Latin-1 text.
            environ["QUERY_STRING"] = "".join(
                char if char.isascii() else f"%{ord(char):02X}" for char in query
            )
        return self.wsgi_app(environ, start_response)


def init_app(app: Flask) -> None:
    app.wsgi_app = EncodedQuery(app.wsgi_app)
